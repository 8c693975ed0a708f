//! `/admin/calendar`: administrators keep the holiday table and the per-kind deadline
//! policies. Everyone else is told so by the server (403) and sees that message.

use chrono::{Datelike, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

use super::common::{Banner, FieldMsg, StaffHeader, or_login};
use crate::client::browser;
use crate::domain::{
    DeadlinePolicy, FieldErrors, HolidayDiff, HolidayImportInput, HolidayInput, PeriodUnit, PolicyInput, to_seoul,
};

#[component]
pub fn AdminCalendarPage() -> impl IntoView {
    let year = RwSignal::new(to_seoul(Utc::now()).year());
    let holidays = LocalResource::new(move || {
        let y = year.get();
        async move { or_login(browser().holidays(&format!("year={y}"))).await }
    });
    let policies = LocalResource::new(|| async { browser().policies().await });
    let banner = RwSignal::new(None::<String>);

    let remove = move |date: chrono::NaiveDate| {
        leptos::task::spawn_local(async move {
            match browser().delete_holiday(date).await {
                Ok(()) => {
                    banner.set(None);
                    holidays.refetch();
                }
                Err(e) => banner.set(Some(e.message())),
            }
        });
    };

    view! {
        <Title text="기한·공휴일 설정 · 고객의 소리" />
        <StaffHeader />
        <main class="case admin">
            <h1>"기한·공휴일 설정"</h1>
            <Banner message=banner />
            <section>
                <h2>"공휴일"</h2>
                <div class="year-nav">
                    <button class="button secondary" id="prev-year" on:click=move |_| year.update(|y| *y -= 1)>
                        "◀ 이전 해"
                    </button>
                    <strong id="year">{move || format!("{}년", year.get())}</strong>
                    <button class="button secondary" id="next-year" on:click=move |_| year.update(|y| *y += 1)>
                        "다음 해 ▶"
                    </button>
                </div>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        holidays
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <table class="queue-table" id="holidays">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"날짜"</th>
                                                    <th scope="col">"이름"</th>
                                                    <th scope="col">"English"</th>
                                                    <th scope="col">""</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|h| {
                                                        let date = h.date;
                                                        view! {
                                                            <tr data-date=date.to_string()>
                                                                <td>{format!("{} ({})", date, weekday_ko(date))}</td>
                                                                <td>{h.name}</td>
                                                                <td>{h.name_en}</td>
                                                                <td>
                                                                    <button
                                                                        class="link-button dark"
                                                                        on:click=move |_| remove(date)
                                                                    >
                                                                        "삭제"
                                                                    </button>
                                                                </td>
                                                            </tr>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <div class="banner error" role="alert">
                                            {e.message()}
                                        </div>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <HolidayForm on_saved=move || holidays.refetch() />
                <HolidayImport on_done=move || holidays.refetch() />
            </section>
            <section>
                <h2>"유형별 처리기한"</h2>
                <p class="note">
                    "바꾼 기한은 이후 접수되는 민원부터 적용됩니다. 민원처리법 제19조에 따라 5일 이하는 근무시간(1일 = 8시간)으로, 6일 이상은 첫날을 넣어 일 단위로 세어 마지막 날 근무 종료 시각까지입니다. 주·월은 달력으로 셉니다."
                </p>
                <Suspense fallback=|| {
                    view! { <p class="loading">"불러오는 중…"</p> }
                }>
                    {move || {
                        policies
                            .get()
                            .map(|r| match r {
                                Ok(list) => {
                                    view! {
                                        <table class="queue-table" id="policies">
                                            <thead>
                                                <tr>
                                                    <th scope="col">"유형"</th>
                                                    <th scope="col">"처리기간"</th>
                                                    <th scope="col">"계산 단위 (민원처리법 제19조)"</th>
                                                    <th scope="col">"부서 확인"</th>
                                                    <th scope="col">"중간안내(근무일)"</th>
                                                    <th scope="col">"임박 기준(근무시간)"</th>
                                                    <th scope="col">""</th>
                                                </tr>
                                            </thead>
                                            <tbody>
                                                {list
                                                    .into_iter()
                                                    .map(|p| view! { <PolicyRow policy=p /> })
                                                    .collect_view()}
                                            </tbody>
                                        </table>
                                    }
                                        .into_any()
                                }
                                Err(e) => {
                                    view! {
                                        <div class="banner error" role="alert">
                                            {e.message()}
                                        </div>
                                    }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
            </section>
        </main>
    }
}

fn weekday_ko(d: chrono::NaiveDate) -> &'static str {
    ["월", "화", "수", "목", "금", "토", "일"][d.weekday().num_days_from_monday() as usize]
}

#[component]
fn HolidayForm(on_saved: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let form = RwSignal::new(HolidayInput::default());
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.validate() {
            errors.set(e);
            return;
        }
        errors.set(FieldErrors::default());
        leptos::task::spawn_local(async move {
            match browser().put_holiday(&input).await {
                Ok(_) => {
                    form.set(HolidayInput::default());
                    banner.set(None);
                    on_saved();
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let input = move |id: &'static str, label: &'static str, kind: &'static str| {
        view! {
            <label class="field" for=format!("holiday-{id}")>
                <span>{label}</span>
                <input
                    id=format!("holiday-{id}")
                    type=kind
                    prop:value=move || {
                        form.with(|f| match id {
                            "date" => f.date.clone(),
                            "name" => f.name.clone(),
                            _ => f.name_en.clone(),
                        })
                    }
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        form.update(|f| match id {
                            "date" => f.date = v,
                            "name" => f.name = v,
                            _ => f.name_en = v,
                        })
                    }
                />
            </label>
            <FieldMsg errors field=id />
        }
    };
    view! {
        <form class="answer-form" on:submit=submit>
            <h3>"공휴일 추가·이름 변경"</h3>
            <Banner message=banner />
            {input("date", "날짜", "date")}
            {input("name", "이름", "text")}
            {input("name_en", "English name", "text")}
            <button class="button primary" id="add-holiday" type="submit">
                "저장"
            </button>
        </form>
    }
}

/// Holidays from an iCalendar file or address: a preview first, then the import.
#[component]
fn HolidayImport(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let ics = RwSignal::new(String::new());
    let remove_missing = RwSignal::new(false);
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<HolidayDiff>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input = move || {
        let given = |s: String| Some(s).filter(|t| !t.trim().is_empty());
        HolidayImportInput {
            ics: given(ics.get_untracked()),
            url: given(url.get_untracked()),
            remove_missing: remove_missing.get_untracked(),
        }
    };
    let changed = move || {
        preview.set(None);
        done.set(None);
    };
    let pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = el.files().and_then(|l| l.get(0)) else { return };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                Ok(text) => {
                    ics.set(text.as_string().unwrap_or_default());
                    url.set(String::new());
                    changed();
                }
                Err(_) => banner.set(Some("파일을 읽지 못했습니다. / The file could not be read.".into())),
            }
        });
    };
    let show_preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = input();
        if let Err(e) = body.source() {
            errors.set(e);
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().preview_holiday_import(&body).await {
                Ok(diff) => {
                    errors.set(FieldErrors::default());
                    banner.set(None);
                    done.set(None);
                    preview.set(Some(diff));
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    let apply = move |_| {
        let body = input();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match browser().import_holidays(&body).await {
                Ok(d) => {
                    let removed = if d.missing_removed { d.missing.len() } else { 0 };
                    done.set(Some(format!(
                        "가져왔습니다: {}일 추가, {}일 이름 변경, {}일 삭제.",
                        d.add.len(),
                        d.rename.len(),
                        removed
                    )));
                    preview.set(None);
                    banner.set(None);
                    on_done();
                }
                Err(e) => {
                    errors.set(e.fields());
                    banner.set(Some(e.message()));
                }
            }
            busy.set(false);
        });
    };
    let day_list = |days: Vec<(String, String)>| {
        view! { <ul class="import-days">{days.into_iter().map(|(d, n)| view! { <li>{d}" "{n}</li> }).collect_view()}</ul> }
    };
    view! {
        <form class="answer-form" id="holiday-import" on:submit=show_preview>
            <h3>"iCalendar(.ics)로 공휴일 가져오기"</h3>
            <p class="note">
                "공휴일 달력의 주소를 적거나 .ics 파일을 고르세요. 적용하기 전에 바뀌는 날을 먼저 보여 줍니다."
            </p>
            <Banner message=banner />
            <label class="field" for="import-url">
                <span>"달력 주소 (https://, webcal://)"</span>
                <input
                    id="import-url"
                    type="url"
                    prop:value=move || url.get()
                    on:input=move |ev| {
                        url.set(event_target_value(&ev));
                        changed();
                    }
                />
            </label>
            <FieldMsg errors field="url" />
            <label class="field" for="import-file">
                <span>".ics 파일"</span>
                <input id="import-file" type="file" accept=".ics,text/calendar" on:change=pick />
            </label>
            <label class="field" for="import-ics">
                <span>"또는 .ics 내용"</span>
                <textarea
                    id="import-ics"
                    rows="3"
                    prop:value=move || ics.get()
                    on:input=move |ev| {
                        ics.set(event_target_value(&ev));
                        changed();
                    }
                ></textarea>
            </label>
            <FieldMsg errors field="ics" />
            <button class="button" id="preview-import" type="submit" disabled=move || busy.get()>
                "미리 보기"
            </button>
            {move || {
                done.get()
                    .map(|m| {
                        view! {
                            <p class="saved" role="status" id="import-done">
                                {m}
                            </p>
                        }
                    })
            }}
            {move || {
                preview
                    .get()
                    .map(|d| {
                        let years = if d.first_year == d.last_year {
                            format!("{}년", d.first_year)
                        } else {
                            format!("{}–{}년", d.first_year, d.last_year)
                        };
                        let add: Vec<_> = d.add.iter().map(|a| (a.date.to_string(), a.name.clone())).collect();
                        let rename: Vec<_> = d
                            .rename
                            .iter()
                            .map(|r| (r.date.to_string(), format!("{} → {}", r.from, r.to)))
                            .collect();
                        let missing: Vec<_> = d.missing.iter().map(|m| (m.date.to_string(), m.name.clone())).collect();
                        let skipped = d.skipped.clone();
                        let n_missing = d.missing.len();
                        let has_missing = n_missing != 0;
                        view! {
                            <section id="import-preview" aria-live="polite">
                                <h4>{format!("{years} 가져오기 미리 보기")}</h4>
                                <p>{format!("추가 {}일", d.add.len())}</p>
                                {day_list(add)}
                                <p>{format!("이름 변경 {}일", d.rename.len())}</p>
                                {day_list(rename)}
                                <p>{format!("파일에 없는 공휴일 {n_missing}일 (그대로 둡니다)")}</p>
                                {day_list(missing)}
                                <Show when=move || has_missing>
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            id="import-remove-missing"
                                            prop:checked=move || remove_missing.get()
                                            on:change=move |ev| remove_missing.set(event_target_checked(&ev))
                                        />
                                        " 파일에 없는 이 날들을 공휴일에서 삭제"
                                    </label>
                                </Show>
                                <p>
                                    {format!("변경 없음 {}일, 건너뛴 일정 {}건", d.unchanged, skipped.len())}
                                </p>
                                <ul class="import-days">
                                    {skipped.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                                </ul>
                                <button
                                    class="button primary"
                                    id="apply-import"
                                    type="button"
                                    disabled=move || busy.get()
                                    on:click=apply
                                >
                                    "가져오기 적용"
                                </button>
                            </section>
                        }
                    })
            }}
        </form>
    }
}

#[component]
fn PolicyRow(policy: DeadlinePolicy) -> impl IntoView {
    let kind = policy.kind;
    let form = RwSignal::new(PolicyInput {
        business_days: i64::from(policy.business_days),
        period_unit: Some(policy.period_unit.as_str().to_owned()),
        needs_confirmation: policy.needs_confirmation,
        interim_notice_days: i64::from(policy.interim_notice_days),
        due_soon_hours: i64::from(policy.due_soon_hours),
    });
    let errors = RwSignal::new(FieldErrors::default());
    let saved = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let save = move |_| {
        let input = form.get_untracked();
        if let Err(e) = input.validate(kind) {
            errors.set(e);
            return;
        }
        leptos::task::spawn_local(async move {
            match browser().put_policy(kind.as_str(), &input).await {
                Ok(_) => {
                    errors.set(FieldErrors::default());
                    message.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    errors.set(e.fields());
                    message.set(Some(e.message()));
                }
            }
        });
    };
    let number = move |field: &'static str| {
        view! {
            <input
                type="number"
                class="small-number"
                aria-label=field
                prop:value=move || {
                    form.with(|f| match field {
                            "business_days" => f.business_days,
                            "interim_notice_days" => f.interim_notice_days,
                            _ => f.due_soon_hours,
                        })
                        .to_string()
                }
                on:input=move |ev| {
                    let v = event_target_value(&ev).trim().parse::<i64>().unwrap_or(-1);
                    saved.set(false);
                    form.update(|f| match field {
                        "business_days" => f.business_days = v,
                        "interim_notice_days" => f.interim_notice_days = v,
                        _ => f.due_soon_hours = v,
                    })
                }
            />
            <FieldMsg errors field />
        }
    };
    view! {
        <tr data-kind=kind.as_str()>
            <td>{kind.ko()}</td>
            <td>{number("business_days")}</td>
            <td>
                <select
                    aria-label="period_unit"
                    prop:value=move || form.with(|f| f.period_unit.clone().unwrap_or_default())
                    on:change=move |ev| {
                        saved.set(false);
                        form.update(|f| f.period_unit = Some(event_target_value(&ev)));
                    }
                >
                    {PeriodUnit::ALL
                        .into_iter()
                        .map(|u| {
                            view! {
                                <option value=u.as_str() selected=u == policy.period_unit>
                                    {u.ko()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <FieldMsg errors field="period_unit" />
            </td>
            <td>
                <input
                    type="checkbox"
                    aria-label="needs_confirmation"
                    prop:checked=move || form.with(|f| f.needs_confirmation)
                    on:change=move |ev| form.update(|f| f.needs_confirmation = event_target_checked(&ev))
                />
            </td>
            <td>{number("interim_notice_days")}</td>
            <td>{number("due_soon_hours")}</td>
            <td>
                <button class="button" on:click=save>
                    "저장"
                </button>
                <Show when=move || saved.get()>
                    <span class="saved">" ✓ 저장됨"</span>
                </Show>
                {move || {
                    message
                        .get()
                        .map(|m| {
                            view! {
                                <p class="field-error" role="alert">
                                    {m}
                                </p>
                            }
                        })
                }}
            </td>
        </tr>
    }
}
