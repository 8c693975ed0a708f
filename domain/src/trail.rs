//! What the accountability logs record: administration changes and sign-ins (the audit log),
//! and views of personal data (the access log). Typed here, stored by their `as_str`, shown
//! in Korean and English.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::labelled::labelled;

labelled! {
    /// An entry of the audit log.
    AuditAction {
        SignedIn => "signed_in", "로그인", "Signed in";
        SignInFailed => "sign_in_failed", "로그인 실패", "Sign-in failed";
        SignInRefused => "sign_in_refused", "로그인 제한", "Sign-in refused (too many attempts)";
        PasswordChanged => "password_changed", "본인 비밀번호 변경", "Own password changed";
        SecondFactorFailed => "second_factor_failed", "2단계 인증 실패", "Second factor refused";
        RecoveryCodeUsed => "recovery_code_used", "복구 코드로 로그인", "Signed in with a recovery code";
        TwoFactorEnrolled => "two_factor_enrolled", "2단계 인증 등록", "Two-step sign-in set up";
        RecoveryCodesRenewed => "recovery_codes_renewed", "복구 코드 새로 발급", "Recovery codes renewed";
        TwoFactorReset => "two_factor_reset", "2단계 인증 초기화", "Two-step sign-in reset";
        KioskKeyIssued => "kiosk_key_issued", "키오스크 키 발급", "Kiosk key issued";
        KioskKeyRevoked => "kiosk_key_revoked", "키오스크 키 취소", "Kiosk key revoked";
        UserCreated => "user_created", "계정 생성", "Account created";
        UserDisabled => "user_disabled", "계정 사용 중지", "Account disabled";
        UserEnabled => "user_enabled", "계정 사용 재개", "Account enabled";
        PasswordReset => "password_reset", "비밀번호 초기화", "Password reset";
        UserUnlocked => "user_unlocked", "로그인 잠금 해제", "Sign-in lock lifted";
        UserEmailSet => "user_email_set", "알림 이메일 변경", "Alert e-mail changed";
        DepartmentCreated => "department_created", "부서 추가", "Department added";
        DepartmentChanged => "department_changed", "부서 변경", "Department changed";
        RuleCreated => "rule_created", "배정 규칙 추가", "Routing rule added";
        RuleRetired => "rule_retired", "배정 규칙 중지", "Routing rule retired";
        CatalogueEntryCreated => "catalogue_entry_created", "시설·분류 추가", "Facility or category added";
        CatalogueEntryChanged => "catalogue_entry_changed", "시설·분류 변경", "Facility or category changed";
        HolidaySet => "holiday_set", "공휴일 지정", "Holiday set";
        HolidayRemoved => "holiday_removed", "공휴일 삭제", "Holiday removed";
        HolidaysImported => "holidays_imported", "공휴일 가져오기", "Holidays imported";
        PolicyChanged => "policy_changed", "처리기한 정책 변경", "Deadline policy changed";
        KpiTargetsSet => "kpi_targets_set", "성과지표 목표 설정", "KPI targets set";
        TrainingCourseSaved => "training_course_saved", "교육과정 등록·변경", "Training course saved";
        TrainingSessionSaved => "training_session_saved", "교육 실시·이수 기록", "Training session and attendance recorded";
        EvaluationOpened => "evaluation_opened", "분기 평가 시작", "Quarterly evaluation opened";
        EvaluationSaved => "evaluation_saved", "분기 평가 저장", "Quarterly evaluation saved";
        EvaluationSubmitted => "evaluation_submitted", "분기 평가 제출", "Quarterly evaluation submitted";
        EvaluationAcknowledged => "evaluation_acknowledged", "분기 평가 부서장 확인", "Quarterly evaluation acknowledged";
        ReductionPlanSaved => "reduction_plan_saved", "불만 감축계획 저장", "Complaint reduction plan saved";
        ReductionPlanReported => "reduction_plan_reported", "불만 감축계획 경영진 보고", "Complaint reduction plan reported";
        AwardRecorded => "award_recorded", "포상 기록", "Award recorded";
        AwardDeleted => "award_deleted", "포상 기록 삭제", "Award record deleted";
        ActivityRecorded => "activity_recorded", "CCM 활동 기록", "CCM activity recorded";
        ActivityCorrected => "activity_corrected", "CCM 활동 기록 수정", "CCM activity corrected";
        ActionReported => "action_reported", "CCM 후속조치 완료 보고", "CCM follow-up reported done";
        PanelMemberSaved => "panel_member_saved", "평가단·모니터단 위원 등록·변경", "Panel member recorded or corrected";
        PanelMembersPurged => "panel_members_purged", "임기 끝난 위원 개인정보 파기", "Former panel members' personal data destroyed";
        StopWordsSet => "stop_words_set", "반복 원인 분석 불용어 변경", "Stop-words of the recurring causes set";
        TemplateChanged => "template_changed", "알림 문구 변경", "Notice wording changed";
        TemplateReset => "template_reset", "알림 문구 되돌림", "Notice wording reset";
        AnswerTemplateSaved => "answer_template_saved", "답변 서식 저장", "Answer template saved";
        AnswerTemplateDeleted => "answer_template_deleted", "답변 서식 삭제", "Answer template deleted";
        NoticeResent => "notice_resent", "발송 실패 알림 재발송", "Dead letter sent again";
        AccessReviewed => "access_reviewed", "개인정보 열람 기록 점검", "Access log reviewed";
        PersonalDataPurged => "personal_data_purged", "보존기간 경과 개인정보 파기", "Personal data past retention destroyed";
    }
}

labelled! {
    /// What a view of personal data was.
    AccessKind {
        Attachment => "attachment", "첨부파일 열람", "Attachment opened";
        CasesCsv => "cases_csv", "민원 목록 CSV 내보내기", "Case list exported (CSV)";
        CasesXlsx => "cases_xlsx", "민원 목록 XLSX 내보내기", "Case list exported (XLSX)";
        SummaryCsv => "summary_csv", "분석 CSV 내보내기", "Report exported (CSV)";
        SummaryXlsx => "summary_xlsx", "분석 XLSX 내보내기", "Report exported (XLSX)";
        ResultLetter => "result_letter", "결과 통지서 출력", "Written result notice printed";
        PanelContact => "panel_contact", "평가단·모니터단 위원 연락처 열람", "Panel member's contacts shown";
        CaseContact => "case_contact", "민원인 연락처 열람", "Complainant's contacts shown";
    }
}

impl AccessKind {
    /// The purpose recorded with the view when the person names none.
    pub fn default_purpose(self) -> &'static str {
        match self {
            Self::Attachment | Self::ResultLetter | Self::CaseContact => "민원 처리",
            Self::PanelContact => "평가단·모니터단 운영",
            _ => "통계·보고",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a));
            assert!(seen.insert(a.as_str()), "{a}");
            assert!(!a.ko().is_empty() && !a.en().is_empty());
        }
        for k in AccessKind::ALL {
            assert_eq!(k.as_str().parse::<AccessKind>(), Ok(*k));
        }
        assert!("drop_table".parse::<AuditAction>().is_err());
    }
}
