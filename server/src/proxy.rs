//! Which reverse proxies are trusted, and so what the client's address is.
//!
//! `X-Forwarded-For` is a list that every proxy *appends* to; whatever the client sent comes
//! first. So the client is found from the right: behind N trusted hops it is the N-th entry
//! from the right, and with a list of proxy addresses it is the rightmost entry that is not
//! one of them. A header from a peer that is not a trusted proxy is ignored, and so is
//! `X-Forwarded-Host`.

use std::net::IpAddr;

/// `VOC_TRUSTED_PROXIES`: unset (none), a hop count (`1`), or addresses and networks
/// (`10.0.0.5, 192.168.0.0/16, ::1`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum TrustedProxies {
    #[default]
    None,
    Hops(usize),
    Networks(Vec<Network>),
}

/// An address with a prefix length (`/32` or `/128` for one address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// A comma-separated list of addresses and networks; the error names the part that is
    /// neither.
    pub fn parse_list(s: &str) -> Result<Vec<Self>, String> {
        s.split(',')
            .map(|part| Self::parse(part).ok_or_else(|| format!("{part:?} is not an address or network")))
            .collect()
    }

    pub fn parse(s: &str) -> Option<Self> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.trim().parse::<IpAddr>().ok()?, Some(p.trim().parse::<u8>().ok()?)),
            None => (s.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> (u128, u8) {
            match ip {
                IpAddr::V4(v) => (u128::from(u32::from(v)) << 96, 32),
                IpAddr::V6(v) => (u128::from(v), 128),
            }
        };
        let ip = match ip {
            IpAddr::V6(v) => v.to_ipv4_mapped().map_or(IpAddr::V6(v), IpAddr::V4),
            v4 => v4,
        };
        let ((net, net_len), (have, have_len)) = (bits(self.addr), bits(ip));
        if net_len != have_len {
            return false;
        }
        let mask = if self.prefix == 0 { 0 } else { u128::MAX << (128 - u32::from(self.prefix)) };
        net & mask == have & mask
    }
}

impl TrustedProxies {
    /// Parses the setting; `None` names what is wrong.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() || s == "0" {
            return Ok(Self::None);
        }
        if let Ok(n) = s.parse::<usize>() {
            return Ok(Self::Hops(n));
        }
        Network::parse_list(s).map(Self::Networks)
    }

    /// Whether a direct peer is one of the trusted proxies (a hop count trusts any peer: the
    /// server is then reachable only through its proxy, as docs/deployment.md sets it up).
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        match self {
            Self::None => false,
            Self::Hops(_) => true,
            Self::Networks(nets) => peer.is_some_and(|p| nets.iter().any(|n| n.contains(p))),
        }
    }

    /// The client's address, from the peer and the `X-Forwarded-For` values received.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> String {
        let peer_text = || peer.map_or_else(|| "local".to_owned(), |p| p.to_string());
        if !self.trusts(peer) {
            return peer_text();
        }
        let entries: Vec<&str> =
            forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).filter(|e| !e.is_empty()).collect();
        let pick = match self {
            Self::None => None,
            // N proxies appended N entries; the client's is the N-th from the right. Fewer
            // entries than hops: the leftmost, which a trusted proxy wrote.
            Self::Hops(n) => entries.len().checked_sub(*n).map_or(entries.first(), |i| entries.get(i)),
            Self::Networks(nets) => entries
                .iter()
                .rev()
                .find(|e| e.parse::<IpAddr>().map_or(true, |ip| !nets.iter().any(|n| n.contains(ip)))),
        };
        pick.and_then(|e| e.parse::<IpAddr>().ok()).map_or_else(peer_text, |ip| ip.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let t = TrustedProxies::parse("").unwrap();
        assert_eq!(t.client(ip("203.0.113.9"), &["1.2.3.4"]), "203.0.113.9");
        assert_eq!(t.client(None, &["1.2.3.4"]), "local");
    }

    #[test]
    fn a_client_cannot_choose_its_address_through_the_header() {
        // nginx appends the real peer to what the client sent.
        let one = TrustedProxies::parse("1").unwrap();
        assert_eq!(one.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.7"]), "198.51.100.7");
        assert_eq!(one.client(ip("127.0.0.1"), &["6.6.6.6", "198.51.100.7"]), "198.51.100.7");
        let two = TrustedProxies::parse("2").unwrap();
        assert_eq!(two.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.7, 10.0.0.2"]), "198.51.100.7");
        assert_eq!(two.client(ip("127.0.0.1"), &["198.51.100.7"]), "198.51.100.7");
        // Garbage where an address should be: the peer, never the garbage.
        assert_eq!(one.client(ip("127.0.0.1"), &["x, not-an-ip"]), "127.0.0.1");
        assert_eq!(one.client(ip("127.0.0.1"), &[]), "127.0.0.1");
    }

    #[test]
    fn listed_proxies_are_skipped_from_the_right() {
        let t = TrustedProxies::parse("10.0.0.0/8, 192.168.1.5, ::1").unwrap();
        assert_eq!(t.client(ip("10.1.2.3"), &["6.6.6.6, 198.51.100.7, 10.0.0.2"]), "198.51.100.7");
        assert_eq!(t.client(ip("::1"), &["198.51.100.7"]), "198.51.100.7");
        assert_eq!(t.client(ip("::ffff:10.0.0.9"), &["198.51.100.7"]), "198.51.100.7");
        // A peer that is not a listed proxy: its header means nothing.
        assert_eq!(t.client(ip("203.0.113.9"), &["198.51.100.7"]), "203.0.113.9");
        assert!(!t.trusts(ip("192.168.1.6")));
        assert!(t.trusts(ip("192.168.1.5")));
    }

    #[test]
    fn bad_settings_are_named() {
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").unwrap_err().contains("proxy.local"));
        assert_eq!(TrustedProxies::parse("0").unwrap(), TrustedProxies::None);
    }
}
