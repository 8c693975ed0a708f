use std::fmt;
use std::str::FromStr;

/// A human-readable receipt number, unique and sequential per year: `VOC-2026-000123`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceiptNo {
    pub year: i32,
    pub seq: u32,
}

impl fmt::Display for ReceiptNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VOC-{:04}-{:06}", self.year, self.seq)
    }
}

/// Not a receipt number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a receipt number")]
pub struct BadReceiptNo;

impl FromStr for ReceiptNo {
    type Err = BadReceiptNo;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let rest = s.get(..4).filter(|p| p.eq_ignore_ascii_case("VOC-")).map(|_| &s[4..]).ok_or(BadReceiptNo)?;
        let (y, n) = rest.split_once('-').ok_or(BadReceiptNo)?;
        let digits = |t: &str, min: usize| t.len() >= min && t.bytes().all(|b| b.is_ascii_digit());
        if y.len() != 4 || !digits(y, 4) || !digits(n, 1) || n.len() > 9 {
            return Err(BadReceiptNo);
        }
        let year = y.parse().map_err(|_| BadReceiptNo)?;
        let seq: u32 = n.parse().map_err(|_| BadReceiptNo)?;
        if seq == 0 {
            return Err(BadReceiptNo);
        }
        Ok(Self { year, seq })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_numbers_print_with_six_digits_and_parse_back() {
        let r = ReceiptNo { year: 2026, seq: 123 };
        assert_eq!(r.to_string(), "VOC-2026-000123");
        assert_eq!("VOC-2026-000123".parse(), Ok(r));
        assert_eq!(" voc-2026-123 ".parse(), Ok(r));
        assert_eq!(ReceiptNo { year: 2026, seq: 1_234_567 }.to_string(), "VOC-2026-1234567");
        for bad in ["", "VOC-26-000001", "VOC-2026-", "VOC-2026-000000", "ABC-2026-000001", "VOC-2026-12a", "1"] {
            assert_eq!(bad.parse::<ReceiptNo>(), Err(BadReceiptNo), "{bad}");
        }
    }

    #[test]
    fn receipt_numbers_order_by_year_then_sequence() {
        let a = ReceiptNo { year: 2025, seq: 999 };
        let b = ReceiptNo { year: 2026, seq: 1 };
        assert!(a < b);
    }
}
