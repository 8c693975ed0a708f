//! Organisation profiles: the departments, facilities, routing rules and deadline settings a
//! new database starts with. The migrations seed the Mungyeong Tourism Corp. profile (CCM
//! manual); `VOC_PROFILE=kgs` replaces it, once and only on a database without cases, with
//! the Korea Gas Safety Corp. profile (CCMS manual ch. 4 II 1 ②). Everything here is data an
//! administrator edits afterwards.

/// The profile a new database is set up with (`VOC_PROFILE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    #[default]
    Mungyeong,
    Kgs,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mungyeong" => Some(Self::Mungyeong),
            "kgs" => Some(Self::Kgs),
            _ => None,
        }
    }

    /// The organisation's name, as its letters are signed.
    pub fn organisation(self) -> &'static str {
        match self {
            Self::Mungyeong => "문경관광진흥공단",
            Self::Kgs => "한국가스안전공사",
        }
    }

    /// What replaces the migrations' seed; `None` for the profile they seed.
    pub fn data(self) -> Option<&'static ProfileData> {
        match self {
            Self::Mungyeong => None,
            Self::Kgs => Some(&KGS),
        }
    }
}

/// One routing rule: priority, kind, facility, category, department code.
pub type Rule = (i64, Option<&'static str>, Option<&'static str>, Option<&'static str>, &'static str);

pub struct ProfileData {
    /// The `VOC_PROFILE` value.
    pub setting: &'static str,
    /// Recorded in `seeds` so that the profile is applied once.
    pub name: &'static str,
    /// Code, name, leads the CCMS (takes what no rule routes).
    pub departments: &'static [(&'static str, &'static str, bool)],
    /// Code, Korean and English name.
    pub facilities: &'static [(&'static str, &'static str, &'static str)],
    /// Code, Korean and English name, the category it belongs under; complainants choose
    /// among them on the homepage when `public_categories`.
    pub categories: &'static [(&'static str, &'static str, &'static str, Option<&'static str>)],
    pub public_categories: bool,
    pub rules: &'static [Rule],
    /// Kind and its business days.
    pub business_days: &'static [(&'static str, i64)],
    /// The survey's items, in the order asked (codes of the catalogue, `SURVEY_ITEMS`).
    pub survey_items: &'static [&'static str],
}

/// Korea Gas Safety Corp.: 고객지원처 leads; the 민원신고 categories go to the offices the
/// manual names; everything else to 고객지원처; complaints are processed within 3 days.
pub static KGS: ProfileData = ProfileData {
    setting: "kgs",
    name: "profile_kgs",
    departments: &[
        ("customer_support", "고객지원처", true),
        ("audit", "감사실", false),
        ("planning", "기획조정실", false),
        ("inspection", "검사지도처", false),
        ("testing", "시험검사실", false),
    ],
    facilities: &[
        ("hq", "본사 민원실", "Head office"),
        ("regional", "지역본부·지사", "Regional office"),
        ("cyber", "사이버지사", "Online branch"),
        ("training", "가스안전교육원", "Gas Safety Training Institute"),
        ("field", "현장(가스시설·검사 현장)", "On site (gas facility or inspection)"),
    ],
    // CCMS manual ch. 4 II 1 ②: the homepage's categories, chosen by the complainant.
    categories: &[
        ("qna", "질의응답", "Questions and answers", None),
        ("improvement", "개선제안/불편불만", "Suggestions and complaints", None),
        ("report", "민원신고", "Reports", None),
        ("cyber_audit", "사이버감사실", "Cyber audit office", Some("report")),
        ("budget_waste", "예산낭비", "Budget waste", Some("report")),
        ("faulty_facility", "불량시설·제품", "Faulty facilities or products", Some("report")),
        ("lpg_quality", "품질불량 LPG", "Poor-quality LPG", Some("report")),
        ("inspection_appeal", "검사이의제기", "Inspection objection", Some("report")),
        ("praise", "칭찬하기", "Praise", None),
    ],
    public_categories: true,
    rules: &[
        (10, Some("grievance"), None, None, "customer_support"),
        (20, None, None, Some("cyber_audit"), "audit"),
        (20, None, None, Some("budget_waste"), "planning"),
        (20, None, None, Some("faulty_facility"), "inspection"),
        (20, None, None, Some("lpg_quality"), "testing"),
        (20, None, None, Some("inspection_appeal"), "inspection"),
        (100, None, None, None, "customer_support"),
    ],
    business_days: &[("complaint", 3)],
    // The QPSI items the manual names (ch. 5 2): no separate satisfaction with the result.
    survey_items: &["ease", "interim_notice", "proactiveness", "courtesy", "timeliness", "overall"],
};
