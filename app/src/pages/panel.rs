//! `/panel-members`: the citizen panel and customer monitors' roster (주민참여평가단,
//! 고객모니터단) for the VOC office. Names and contacts are masked; "연락처 보기" asks for a
//! purpose, which the personal-data access log keeps, shows the contacts and masks them again
//! after a minute. A member is appointed with the day of their consent and corrected in the
//! same form; their personal data is destroyed a year after the term (the date is shown).

use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{
    Banner, ContactOf, FieldMsg, Reveal, SHOWN_SECS, StaffHeader, TextField, failed, latest, or_login, submit,
};
use crate::api::PanelMemberView;
use crate::client::browser;
use crate::domain::{
    ContactPurposeInput, FieldErrors, KEPT_AFTER_TERM_DAYS, MemberState, PanelGroup, PanelMemberInput,
};

/// The purpose logged when a member's record is opened for correction.
const EDIT_PURPOSE: &str = "위원 기록 고치기";

/// The form's fields; editing fills them from a member.
#[derive(Clone, Copy)]
struct MemberFields {
    editing: RwSignal<Option<i64>>,
    panel: RwSignal<String>,
    name: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    affiliation: RwSignal<String>,
    term_from: RwSignal<String>,
    term_to: RwSignal<String>,
    consented_on: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    banner: RwSignal<Option<String>>,
}

impl MemberFields {
    fn new() -> Self {
        Self {
            editing: RwSignal::new(None),
            panel: RwSignal::new(PanelGroup::CitizenPanel.as_str().to_owned()),
            name: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            affiliation: RwSignal::new(String::new()),
            term_from: RwSignal::new(String::new()),
            term_to: RwSignal::new(String::new()),
            consented_on: RwSignal::new(String::new()),
            errors: RwSignal::new(FieldErrors::default()),
            banner: RwSignal::new(None),
        }
    }

    fn clear(self) {
        self.editing.set(None);
        for s in [self.name, self.phone, self.email, self.affiliation, self.term_from, self.term_to, self.consented_on]
        {
            s.set(String::new());
        }
    }

    fn input(self) -> PanelMemberInput {
        PanelMemberInput {
            panel: self.panel.get_untracked(),
            name: self.name.get_untracked(),
            phone: self.phone.get_untracked(),
            email: self.email.get_untracked(),
            affiliation: self.affiliation.get_untracked(),
            term_from: self.term_from.get_untracked(),
            term_to: self.term_to.get_untracked(),
            consented_on: self.consented_on.get_untracked(),
        }
    }
}

#[component]
pub fn PanelPage() -> impl IntoView {
    let _lang = crate::i18n::use_lang();
    let loaded = LocalResource::new(|| async { or_login(browser().panel_members()).await });
    let (current, failure) = latest(loaded);
    let fields = MemberFields::new();
    let reload = move || loaded.refetch();
    let body = move || {
        current.get().map(|r| {
            let heading = format!("위원 {}명 (활동 중 {}명)", r.members.len(), r.serving);
            view! {
                <h2 id="roster-heading">{heading}</h2>
                <Roster members=r.members purposes=r.purposes fields />
            }
        })
    };
    view! {
        <Title text="평가단·모니터단 위원 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"평가단·모니터단 위원"</h1>
            <p class="note">
                {format!(
                    "주민참여평가단과 고객모니터단 위원의 명단입니다. 이름과 연락처는 가려서 보이고, '연락처 보기'는 목적을 적은 뒤 {SHOWN_SECS}초 동안 보이며 개인정보 열람 기록에 남습니다. 임기가 끝나고 {KEPT_AFTER_TERM_DAYS}일이 지나면 이름과 연락처는 파기됩니다.",
                )}
            </p>
            {move || failure.get().map(|e| failed(&e))}
            {body}
            // Once the roster loaded (a reader the server refuses gets no form); kept across
            // reloads so that its "saved" stays.
            <Show when=move || current.with(|c| c.is_some())>
                <MemberForm fields reload />
            </Show>
        </main>
    }
}

#[component]
fn Roster(members: Vec<PanelMemberView>, purposes: Vec<String>, fields: MemberFields) -> impl IntoView {
    if members.is_empty() {
        return view! { <p id="roster-empty">"등록된 위원이 없습니다."</p> }.into_any();
    }
    let cards = members
        .into_iter()
        .map(|m| {
            let meta = [
                Some(format!("임기 {} ~ {}", m.term_from, m.term_to)),
                (!m.affiliation.is_empty()).then(|| m.affiliation.clone()),
                Some(format!("참석 {}회", m.sessions)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            let contacts = [m.phone.clone(), m.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            let kept = if m.state == MemberState::Purged {
                "개인정보 파기됨".to_owned()
            } else {
                format!("동의 {} · {}까지 보관", m.consented_on, m.kept_until)
            };
            let live = m.state != MemberState::Purged;
            let edit = {
                let m = m.clone();
                move |_| {
                    // The form needs the real name and contacts: fetched like any view of
                    // them, for a purpose the access log keeps.
                    let m = m.clone();
                    let input = ContactPurposeInput { purpose: EDIT_PURPOSE.to_owned() };
                    let member = m.id;
                    submit(
                        async move { browser().reveal_panel_contact(member, &input).await },
                        fields.errors,
                        fields.banner,
                        move |c| {
                            fields.editing.set(Some(m.id));
                            fields.panel.set(m.panel.as_str().to_owned());
                            fields.name.set(c.name);
                            fields.phone.set(c.phone.unwrap_or_default());
                            fields.email.set(c.email.unwrap_or_default());
                            fields.affiliation.set(m.affiliation.clone());
                            fields.term_from.set(m.term_from.to_string());
                            fields.term_to.set(m.term_to.to_string());
                            fields.consented_on.set(m.consented_on.to_string());
                        },
                    );
                }
            };
            view! {
                <li class="practice" id=format!("member-{}", m.id) data-state=m.state.as_str()>
                    <h3>{format!("{} · {}", m.name, m.panel_label)}</h3>
                    <p class="meta">
                        <span class="tag">{m.state_label.clone()}</span>
                        " "
                        {meta}
                    </p>
                    <p class="meta">{kept}</p>
                    {(!contacts.is_empty()).then(|| view! { <p class="masked">{contacts}</p> })}
                    {live
                        .then(|| {
                            view! {
                                <Reveal
                                    key=m.id.to_string()
                                    whose=ContactOf::PanelMember(m.id)
                                    purposes=purposes.clone()
                                />
                                <button
                                    class="button secondary"
                                    type="button"
                                    id=format!("edit-member-{}", m.id)
                                    on:click=edit
                                >
                                    "고치기"
                                </button>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="practice-list" id="roster">
            {cards}
        </ul>
    }
    .into_any()
}

#[component]
fn MemberForm(fields: MemberFields, reload: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let (errors, banner) = (fields.errors, fields.banner);
    let saved = RwSignal::new(false);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let input = fields.input();
        let today = crate::domain::to_seoul(chrono::Utc::now()).date_naive();
        if let Err(e) = input.validate(today) {
            errors.set(e);
            return;
        }
        let editing = fields.editing.get_untracked();
        submit(
            async move {
                match editing {
                    Some(id) => browser().update_panel_member(id, &input).await,
                    None => browser().create_panel_member(&input).await,
                }
            },
            errors,
            banner,
            move |_| {
                fields.clear();
                saved.set(true);
                reload();
            },
        );
    };
    let heading = move || match fields.editing.get() {
        Some(id) => format!("위원 기록 고치기 (#{id})"),
        None => "위원 위촉".to_owned(),
    };
    view! {
        <form class="inline-form" id="member-form" on:submit=send>
            <h2 id="member-form-heading">{heading}</h2>
            <Banner message=banner />
            <label class="field" for="member-panel">
                <span>"구분"</span>
                <select
                    id="member-panel"
                    prop:value=move || fields.panel.get()
                    on:change=move |ev| fields.panel.set(event_target_value(&ev))
                >
                    {PanelGroup::ALL
                        .iter()
                        .map(|g| view! { <option value=g.as_str()>{g.ko()}</option> })
                        .collect_view()}
                </select>
            </label>
            <FieldMsg errors field="panel" id="member-panel-error" />
            <TextField id="member-name" label="이름" value=fields.name errors field="name" />
            <TextField
                id="member-phone"
                label="휴대전화 (선택)"
                value=fields.phone
                errors
                field="phone"
                kind="tel"
            />
            <TextField
                id="member-email"
                label="이메일 (선택)"
                value=fields.email
                errors
                field="email"
                kind="email"
            />
            <TextField
                id="member-affiliation"
                label="소속·대표 분야 (선택, 연락처는 적지 않습니다)"
                value=fields.affiliation
                errors
                field="affiliation"
            />
            <TextField
                id="member-from"
                label="임기 시작"
                value=fields.term_from
                errors
                field="term_from"
                kind="date"
            />
            <TextField id="member-to" label="임기 끝" value=fields.term_to errors field="term_to" kind="date" />
            <TextField
                id="member-consent"
                label="개인정보 수집·이용 동의일"
                value=fields.consented_on
                errors
                field="consented_on"
                kind="date"
            />
            <button class="button primary" id="save-member" type="submit">
                "저장"
            </button>
            <Show when=move || fields.editing.get().is_some()>
                <button class="button secondary" type="button" id="cancel-edit" on:click=move |_| fields.clear()>
                    "고치기 취소"
                </button>
            </Show>
            <Show when=move || saved.get()>
                <p class="banner ok" role="status" id="member-saved">
                    "저장했습니다."
                </p>
            </Show>
        </form>
    }
}
