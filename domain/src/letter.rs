//! The written result notice (결과 통지서, 민원처리법 제27조 and 시행령 제29조): what the letter
//! says, in which order. The server lays it out as an A4 PDF; this module decides the words,
//! so the wording has one place and is tested without a PDF in sight.

use chrono::NaiveDate;

use crate::{Decision, VocKind};

/// How much of the complaint the letter quotes as its summary (민원 요지).
pub const LETTER_SUMMARY_CHARS: usize = 600;

/// Everything the letter states about one answered case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLetter {
    /// The organisation that sends it (`VOC_ORGANISATION`).
    pub organisation: String,
    pub receipt_no: String,
    /// The complainant as filed; `None` for an anonymous filing.
    pub complainant: Option<String>,
    /// The co-complainants of a multi-person complaint, beside the representative.
    pub co_complainants: Vec<String>,
    pub kind: VocKind,
    pub received_on: NaiveDate,
    pub facility: Option<String>,
    pub content: String,
    pub decision: Decision,
    pub result: String,
    pub basis: String,
    pub appeal: String,
    /// The last day an appeal may be made, while it still may.
    pub appeal_until: Option<NaiveDate>,
    pub department: Option<String>,
    pub handler: Option<String>,
    /// The organisation's telephone for questions (`VOC_CONTACT`).
    pub contact: Option<String>,
    /// The day of the answer.
    pub answered_on: NaiveDate,
}

/// One block of the letter, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LetterBlock {
    /// The sender's name above the title.
    Organisation(String),
    Title(&'static str),
    /// A label and its value on one line (the value wraps under itself).
    Field(&'static str, String),
    /// A heading and its paragraphs.
    Section(&'static str, Vec<String>),
    /// The closing: the date and who signs.
    Closing {
        date: String,
        signer: String,
    },
}

pub const LETTER_TITLE: &str = "민원 처리 결과 통지서";

fn korean_date(d: NaiveDate) -> String {
    d.format("%Y년 %-m월 %-d일").to_string()
}

impl ResultLetter {
    /// The letter's blocks in order: who it is to, what was asked, what was decided and on
    /// what basis, how to appeal, who to ask, and the date and signer.
    pub fn blocks(&self) -> Vec<LetterBlock> {
        let mut out = vec![LetterBlock::Organisation(self.organisation.clone()), LetterBlock::Title(LETTER_TITLE)];
        let to = match &self.complainant {
            Some(n) if self.co_complainants.is_empty() => format!("{n} 귀하"),
            Some(n) => format!("{n} 귀하 외 {}명", self.co_complainants.len()),
            None => "민원인 귀하".to_owned(),
        };
        out.push(LetterBlock::Field("수신", to));
        if !self.co_complainants.is_empty() {
            out.push(LetterBlock::Field("공동 민원인", self.co_complainants.join(", ")));
        }
        out.push(LetterBlock::Field("접수번호", self.receipt_no.clone()));
        out.push(LetterBlock::Field("접수일", korean_date(self.received_on)));
        out.push(LetterBlock::Field("민원 종류", self.kind.ko().to_owned()));
        if let Some(f) = &self.facility {
            out.push(LetterBlock::Field("시설", f.clone()));
        }
        let mut summary: String = self.content.chars().take(LETTER_SUMMARY_CHARS).collect();
        if self.content.chars().count() > LETTER_SUMMARY_CHARS {
            summary.push('…');
        }
        out.push(LetterBlock::Section("민원 요지", vec![summary]));
        out.push(LetterBlock::Section(
            "처리 결과",
            vec![format!("수용 여부: {}", self.decision.ko()), self.result.clone()],
        ));
        out.push(LetterBlock::Section("근거", vec![self.basis.clone()]));
        let mut appeal = vec![self.appeal.clone()];
        if let Some(d) = self.appeal_until {
            appeal.push(format!(
                "이 결과에 이의가 있으시면 {}까지 조회 화면에서 이의신청을 하실 수 있습니다(민원처리법 제35조).",
                korean_date(d)
            ));
        }
        out.push(LetterBlock::Section("이의신청 안내", appeal));
        let mut who = Vec::new();
        if let Some(d) = &self.department {
            who.push(format!("담당 부서: {d}"));
        }
        if let Some(h) = &self.handler {
            who.push(format!("담당자: {h}"));
        }
        if let Some(c) = &self.contact {
            who.push(format!("문의: {c}"));
        }
        if !who.is_empty() {
            out.push(LetterBlock::Section("담당 부서 및 연락처", who));
        }
        out.push(LetterBlock::Closing {
            date: korean_date(self.answered_on),
            signer: format!("{}장", self.organisation),
        });
        out
    }

    /// The PDF's file name.
    pub fn file_name(&self) -> String {
        format!("결과통지서-{}.pdf", self.receipt_no)
    }
}

/// Breaks `text` into lines no wider than `width`, as `advance` measures each character.
/// Korean breaks between any two syllables, so a line ends at the last space that fits when
/// there is one on the line and at the last character that fits otherwise; explicit line
/// breaks are kept, and a blank line stays blank.
pub fn wrap(text: &str, width: f32, advance: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let chars: Vec<char> = para.trim_end_matches('\r').chars().collect();
        if chars.is_empty() {
            lines.push(String::new());
            continue;
        }
        let mut start = 0;
        while start < chars.len() {
            let mut used = 0.0;
            let mut end = start;
            let mut last_space = None;
            while end < chars.len() {
                let w = advance(chars[end]);
                if used + w > width && end > start {
                    break;
                }
                if chars[end] == ' ' {
                    last_space = Some(end);
                }
                used += w;
                end += 1;
            }
            let cut = match last_space {
                Some(s) if end < chars.len() && s > start && !chars[end].is_whitespace() => s,
                _ => end,
            };
            lines.push(chars[start..cut].iter().collect::<String>().trim_end().to_owned());
            start = cut;
            while start < chars.len() && chars[start] == ' ' {
                start += 1;
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter() -> ResultLetter {
        ResultLetter {
            organisation: "문경관광진흥공단".into(),
            receipt_no: "VOC-2026-000007".into(),
            complainant: Some("홍길동".into()),
            co_complainants: vec![],
            kind: VocKind::Complaint,
            received_on: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            facility: Some("레일바이크".into()),
            content: "가".repeat(700),
            decision: Decision::PartlyAccepted,
            result: "안내판을 고쳤습니다.".into(),
            basis: "시설 관리 규정 제3조".into(),
            appeal: "이의신청은 90일 이내에 할 수 있습니다.".into(),
            appeal_until: NaiveDate::from_ymd_opt(2027, 2, 27),
            department: Some("관광사업팀".into()),
            handler: Some("김담당".into()),
            contact: Some("054-550-0000".into()),
            answered_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        }
    }

    #[test]
    fn the_letter_states_who_what_decision_basis_appeal_and_signer_in_order() {
        let b = letter().blocks();
        assert_eq!(b[0], LetterBlock::Organisation("문경관광진흥공단".into()));
        assert_eq!(b[1], LetterBlock::Title(LETTER_TITLE));
        assert_eq!(b[2], LetterBlock::Field("수신", "홍길동 귀하".into()));
        assert_eq!(b[4], LetterBlock::Field("접수일", "2026년 11월 20일".into()));
        let LetterBlock::Section("민원 요지", summary) = &b[7] else { panic!("{:?}", b[7]) };
        assert_eq!(summary[0].chars().count(), LETTER_SUMMARY_CHARS + 1, "cut with an ellipsis");
        assert_eq!(
            b[8],
            LetterBlock::Section("처리 결과", vec!["수용 여부: 일부수용".into(), "안내판을 고쳤습니다.".into()])
        );
        let LetterBlock::Section("이의신청 안내", appeal) = &b[10] else { panic!() };
        assert!(appeal[1].contains("2027년 2월 27일까지"), "{appeal:?}");
        assert_eq!(
            b.last(),
            Some(&LetterBlock::Closing {
                date: "2026년 11월 29일".into(), signer: "문경관광진흥공단장".into()
            })
        );
    }

    #[test]
    fn an_anonymous_or_multi_person_letter_says_so_and_a_closed_appeal_window_is_not_offered() {
        let mut l = letter();
        l.complainant = None;
        l.appeal_until = None;
        l.department = None;
        l.handler = None;
        l.contact = None;
        let b = l.blocks();
        assert_eq!(b[2], LetterBlock::Field("수신", "민원인 귀하".into()));
        assert!(b.iter().all(|x| !matches!(x, LetterBlock::Section("담당 부서 및 연락처", _))));
        assert!(b.iter().any(|x| *x == LetterBlock::Section("이의신청 안내", vec![l.appeal.clone()])));
        let mut l = letter();
        l.co_complainants = vec!["김철수".into(), "이영희".into()];
        let b = l.blocks();
        assert_eq!(b[2], LetterBlock::Field("수신", "홍길동 귀하 외 2명".into()));
        assert_eq!(b[3], LetterBlock::Field("공동 민원인", "김철수, 이영희".into()));
    }

    #[test]
    fn wrapping_breaks_at_spaces_where_it_can_and_between_syllables_where_it_must() {
        let one = |_: char| 1.0;
        assert_eq!(wrap("ab cd ef", 5.0, one), vec!["ab cd", "ef"]);
        assert_eq!(wrap("가나다라마바사", 3.0, one), vec!["가나다", "라마바", "사"]);
        assert_eq!(wrap("a\n\nb", 5.0, one), vec!["a", "", "b"]);
        assert_eq!(wrap("", 5.0, one), vec![""]);
        // A word longer than the line is cut, never looped on.
        assert_eq!(wrap("abcdefgh ij", 3.0, one), vec!["abc", "def", "gh", "ij"]);
        // A character wider than the line still moves on.
        assert_eq!(wrap("가가", 0.5, one), vec!["가", "가"]);
        // Widths count: two wide syllables fill a line of four.
        let w = |c: char| if c.is_ascii() { 1.0 } else { 2.0 };
        assert_eq!(wrap("가a나b", 4.0, w), vec!["가a", "나b"]);
    }
}
