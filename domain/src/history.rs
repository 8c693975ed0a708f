//! What a case's history records. Each entry is a typed action, stored by its code and
//! rendered in the reader's language; the store and the workflow never write wording.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::labelled::labelled;

labelled! {
    /// One step in a case's history.
    HistoryAction {
        Received => "received", "접수", "Filed";
        AutoRouted => "auto_routed", "부서 지정(배정 규칙)", "Department set by a routing rule";
        Unrouted => "unrouted", "미배정", "No routing rule matched: left to the VOC manager";
        Routed => "routed", "부서 지정", "Department designated";
        Transferred => "transferred", "부서 이송", "Transferred to another department";
        Assigned => "assigned", "담당자 지정", "Handler assigned";
        Paused => "paused", "처리 중지(기한 정지)", "Paused (deadline stopped)";
        Resumed => "resumed", "처리 재개", "Resumed (deadline restarted)";
        Drafted => "drafted", "답변안 작성·결재 요청", "Answer drafted for approval";
        Approved => "approved", "결재 승인·결과 통지", "Answer approved and sent";
        Returned => "returned", "결재 반려", "Draft returned to the handler";
        Answered => "answered", "답변·종결", "Answered and closed";
        Reopened => "reopened", "재조사 요구(재개)", "Reopened for re-investigation";
        ClosedNotComplaint => "closed_not_complaint", "민원 아님 종결", "Closed as not a complaint";
        Note => "note", "내부 메모", "Internal note";
        Unreachable => "unreachable", "연락 불가 확인", "Complainant cannot be reached";
        Reachable => "reachable", "연락 재개", "Complainant reachable again";
        DeemedWithdrawn => "deemed_withdrawn", "취하 간주", "Deemed withdrawn";
        Withdrawn => "withdrawn", "취하", "Withdrawn by the complainant";
        Amended => "amended", "내용 변경", "Content amended by the complainant";
        Attached => "attached", "첨부파일", "Files attached";
        InterimNotice => "interim_notice", "중간 경과 안내", "Delay notice sent";
        Extended => "extended", "처리기간 연장", "Period extended";
        ExtensionProposed => "extension_proposed", "연장 동의 요청", "Complainant asked to agree to an extension";
        ExtensionDeclined => "extension_declined", "연장 동의 거부", "Complainant declined the extension";
        TransferredOut => "transferred_out", "타 기관 이송", "Transferred to another agency";
        MarkedSerious => "marked_serious", "중대 민원 지정", "Marked serious";
        SeriousCleared => "serious_cleared", "중대 민원 해제", "No longer serious";
        SupplementRequested => "supplement_requested", "보완 요구", "Supplement asked of the complainant";
        SupplementAnswered => "supplement_answered", "보완 제출", "Supplement received from the complainant";
        ReturnedUnsupplemented => "returned_unsupplemented", "반려(보완 없음)", "Returned: no supplement by its day";
        Appealed => "appealed", "이의신청 접수", "Appeal filed";
        IncidentRecorded => "incident_recorded", "특이민원 행위 기록", "Abusive conduct recorded";
        ComplainantAdded => "complainant_added", "공동 민원인 추가", "Co-complainant added";
        ComplainantRemoved => "complainant_removed", "공동 민원인 삭제", "Co-complainant removed";
        ClosedAbusive => "closed_abusive", "특이민원 종결", "Closed: the filing consists of abuse";
        Linked => "linked", "민원 연결", "Linked to another case";
        Merged => "merged", "중복 민원 병합", "Merged into its original";
        MergedIn => "merged_in", "중복 민원 병합 받음", "A duplicate was merged into this case";
        ClosedRepeated => "closed_repeated", "반복 민원 종결(제23조)", "Closed as repeated (Act art. 23)";
        MaterialRequested => "material_requested", "자료 요청", "Material requested";
        MaterialAnswered => "material_answered", "자료 회신", "Material supplied";
        StaffRecorded => "staff_recorded", "관련 직원", "Staff involved recorded";
        Compensation => "compensation", "보상 기록", "Compensation recorded";
        ImprovementRequested => "improvement_requested", "제도개선 요청", "Improvement requested";
        ImprovementExtended => "improvement_extended", "제도개선 기한 연장", "Improvement due extended";
        AuditReferred => "audit_referred", "감사 의뢰", "Referred to audit";
        ImprovementReported => "improvement_reported", "제도개선 보고", "Improvement reported";
        FaqPublished => "faq_published", "FAQ 게시", "Published as FAQ";
        FaqWithdrawn => "faq_withdrawn", "FAQ 게시 중단", "FAQ withdrawn";
        PracticeProposed => "practice_proposed", "우수사례 추천", "Proposed for the good-practice library";
        PracticeShared => "practice_shared", "우수사례 공유", "Shared in the good-practice library";
        PracticeDeclined => "practice_declined", "우수사례 미채택", "Not taken into the good-practice library";
        Grievance => "grievance", "고충 처리", "Grievance step";
        SurveyAnswered => "survey_answered", "만족도 조사 응답", "Survey answered";
        SurveyFollowUpOpened => "survey_follow_up_opened", "불만족 응답: 추가 답변 대상", "Dissatisfied response: follow-up opened";
        SurveyFollowedUp => "survey_followed_up", "불만족 추가 답변", "Dissatisfied response followed up";
        PersonalDataDestroyed => "personal_data_destroyed", "개인정보 파기", "Personal data destroyed";
        Reclassified => "reclassified", "분류 수정", "Record corrected (kind, category, facility, channel)";
        DueRecomputed => "due_recomputed", "처리기한 재계산(유형 변경)", "Due time recomputed for the new kind";
        ContactRecorded => "contact_recorded", "민원인 연락 기록", "Contact with the complainant recorded";
        WithdrawnByPhone => "withdrawn_by_phone", "취하(전화·방문으로 확인)", "Withdrawn, as the complainant confirmed by phone or in person";
    }
}

impl HistoryAction {
    /// The action a stored entry names: its code, or for entries written before codes were
    /// stored, its Korean wording.
    pub fn from_stored(s: &str) -> Option<Self> {
        s.parse().ok().or_else(|| Self::ALL.iter().copied().find(|a| a.ko() == s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_wordings_are_unique_and_old_entries_still_read() {
        let mut codes = std::collections::HashSet::new();
        let mut words = std::collections::HashSet::new();
        for a in HistoryAction::ALL {
            assert_eq!(HistoryAction::from_stored(a.as_str()), Some(*a));
            assert_eq!(HistoryAction::from_stored(a.ko()), Some(*a), "an entry stored in Korean reads back");
            assert!(codes.insert(a.as_str()) && words.insert(a.ko()), "{a}");
            assert!(!a.en().is_empty() && !a.en().chars().any(|c| ('가'..='힣').contains(&c)), "{a}");
        }
        assert_eq!(HistoryAction::from_stored("무엇인가"), None);
    }
}
