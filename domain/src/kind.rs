use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;

/// The seven kinds of VOC of the CCM manual (4.2.1), and the appeal against a result
/// (이의신청, filed from a result, never chosen at filing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VocKind {
    Inquiry,
    Complaint,
    Praise,
    Suggestion,
    LostItem,
    Urgent,
    Grievance,
    Appeal,
}

impl VocKind {
    pub const ALL: [VocKind; 8] = [
        Self::Inquiry,
        Self::Complaint,
        Self::Praise,
        Self::Suggestion,
        Self::LostItem,
        Self::Urgent,
        Self::Grievance,
        Self::Appeal,
    ];

    /// The kinds a person chooses when filing: an appeal is made from a result instead.
    pub const FILED: [VocKind; 7] =
        [Self::Inquiry, Self::Complaint, Self::Praise, Self::Suggestion, Self::LostItem, Self::Urgent, Self::Grievance];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Inquiry => "inquiry",
            Self::Complaint => "complaint",
            Self::Praise => "praise",
            Self::Suggestion => "suggestion",
            Self::LostItem => "lost_item",
            Self::Urgent => "urgent",
            Self::Grievance => "grievance",
            Self::Appeal => "appeal",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Inquiry => "문의",
            Self::Complaint => "불만",
            Self::Praise => "칭찬",
            Self::Suggestion => "건의",
            Self::LostItem => "유실물신고",
            Self::Urgent => "긴급요청",
            Self::Grievance => "고충",
            Self::Appeal => "이의신청",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Inquiry => "Inquiry",
            Self::Complaint => "Complaint",
            Self::Praise => "Praise",
            Self::Suggestion => "Suggestion",
            Self::LostItem => "Lost item",
            Self::Urgent => "Urgent request",
            Self::Grievance => "Grievance",
            Self::Appeal => "Appeal",
        }
    }

    /// The default deadline of the CCM profile, in business days.
    pub fn default_business_days(self) -> u32 {
        match self {
            Self::Inquiry | Self::Urgent => 1,
            Self::Complaint | Self::Praise | Self::LostItem => 2,
            Self::Suggestion => 3,
            Self::Grievance => 7,
            // 민원처리법 제35조: decided within 10 days of the appeal.
            Self::Appeal => 10,
        }
    }

    /// Urgent requests jump the queue (health and safety before deadline order).
    pub fn is_urgent(self) -> bool {
        matches!(self, Self::Urgent)
    }
}

impl fmt::Display for VocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for VocKind {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::UnknownKind)
    }
}

/// Where a VOC came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Kiosk,
    Homepage,
    Mobile,
    Phone,
    Visit,
    Mail,
    Fax,
    Sns,
    ExternalAgency,
}

impl Channel {
    pub const ALL: [Channel; 9] = [
        Self::Kiosk,
        Self::Homepage,
        Self::Mobile,
        Self::Phone,
        Self::Visit,
        Self::Mail,
        Self::Fax,
        Self::Sns,
        Self::ExternalAgency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kiosk => "kiosk",
            Self::Homepage => "homepage",
            Self::Mobile => "mobile",
            Self::Phone => "phone",
            Self::Visit => "visit",
            Self::Mail => "mail",
            Self::Fax => "fax",
            Self::Sns => "sns",
            Self::ExternalAgency => "external_agency",
        }
    }

    pub fn ko(self) -> &'static str {
        match self {
            Self::Kiosk => "키오스크",
            Self::Homepage => "홈페이지",
            Self::Mobile => "모바일",
            Self::Phone => "전화",
            Self::Visit => "방문",
            Self::Mail => "우편",
            Self::Fax => "팩스",
            Self::Sns => "SNS",
            Self::ExternalAgency => "외부기관",
        }
    }

    /// Channels a member of the public files on by themselves; the others are registered
    /// by staff on the complainant's behalf.
    pub fn is_self_service(self) -> bool {
        matches!(self, Self::Kiosk | Self::Homepage | Self::Mobile)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = FieldError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::UnknownChannel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names_and_json() {
        for k in VocKind::ALL {
            assert_eq!(k.as_str().parse::<VocKind>(), Ok(k));
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
        assert_eq!("lost_item".parse::<VocKind>(), Ok(VocKind::LostItem));
        assert_eq!("lost-item".parse::<VocKind>(), Err(FieldError::UnknownKind));
        assert_eq!("".parse::<VocKind>(), Err(FieldError::UnknownKind));
    }

    #[test]
    fn default_deadlines_follow_the_ccm_table() {
        let days: Vec<u32> = VocKind::ALL.iter().map(|k| k.default_business_days()).collect();
        assert_eq!(days, vec![1, 2, 2, 3, 2, 1, 7, 10]);
        assert!(!VocKind::FILED.contains(&VocKind::Appeal));
    }

    #[test]
    fn channels_round_trip_and_only_three_are_self_service() {
        for c in Channel::ALL {
            assert_eq!(c.as_str().parse::<Channel>(), Ok(c));
        }
        let public: Vec<_> = Channel::ALL.into_iter().filter(|c| c.is_self_service()).collect();
        assert_eq!(public, vec![Channel::Kiosk, Channel::Homepage, Channel::Mobile]);
        assert_eq!("telegram".parse::<Channel>(), Err(FieldError::UnknownChannel));
    }
}
