//! The recurring causes of the report's period (반복 원인 분석): what grew against the period
//! before, and the words and phrases the complaints repeat, with the stop-words for those who
//! keep them.

use leptos::prelude::*;

use super::common::{Banner, FieldMsg, failed, submit};
use crate::api::{RiserLine, StopWordsInput, TermLine};
use crate::client::browser;
use crate::domain::FieldErrors;
use crate::domain::recurring::StopWords;

/// The growth of a riser, with a mark that carries it without colour.
fn growth(r: &RiserLine) -> String {
    match r.growth_percent {
        Some(p) => format!("▲ {} (+{p:.0}%)", r.added),
        None => format!("▲ {} (신규)", r.added),
    }
}

/// How a term's share moved, in percentage points, with a mark.
fn trend(t: &TermLine) -> String {
    let Some(before) = t.previous_share else { return "– 비교 없음".into() };
    let points = (t.share - before) * 100.0;
    if t.previous_texts == 0 {
        format!("▲ +{points:.1}%p (새로 등장)")
    } else if points >= 0.05 {
        format!("▲ +{points:.1}%p")
    } else if points <= -0.05 {
        format!("▼ {points:.1}%p")
    } else {
        "= 변화 없음".into()
    }
}

/// A count with thousands separators (5,000).
fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn share(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

#[component]
fn RiserTable(id: &'static str, title: &'static str, lines: Vec<RiserLine>) -> impl IntoView {
    view! {
        <section class="report-table" id=id>
            <h3>{title}</h3>
            {if lines.is_empty() {
                view! { <p class="note">"이전 기간보다 늘어난 항목이 없습니다."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="queue-table">
                            <thead>
                                <tr>
                                    <th scope="col">"항목"</th>
                                    <th scope="col">"이번 기간"</th>
                                    <th scope="col">"이전 기간"</th>
                                    <th scope="col">"증가"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {lines
                                    .into_iter()
                                    .map(|r| {
                                        let g = growth(&r);
                                        view! {
                                            <tr>
                                                <th scope="row">{r.label}</th>
                                                <td>{r.count}</td>
                                                <td>{r.previous}</td>
                                                <td>{g}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

#[component]
fn TermTable(#[prop(into)] id: String, title: &'static str, lines: Vec<TermLine>) -> impl IntoView {
    view! {
        <section class="report-table" id=id>
            <h4>{title}</h4>
            {if lines.is_empty() {
                view! { <p class="note">"두 건 이상에 나온 말이 없습니다."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="queue-table">
                            <thead>
                                <tr>
                                    <th scope="col">"순위"</th>
                                    <th scope="col">{title}</th>
                                    <th scope="col">"언급 건수"</th>
                                    <th scope="col">"비율"</th>
                                    <th scope="col">"이전 비율"</th>
                                    <th scope="col">"추이"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {lines
                                    .into_iter()
                                    .enumerate()
                                    .map(|(i, t)| {
                                        let before = t.previous_share.map_or_else(|| "-".to_owned(), share);
                                        let moved = trend(&t);
                                        view! {
                                            <tr>
                                                <td>{i + 1}</td>
                                                <th scope="row">{t.term}</th>
                                                <td>{t.texts}</td>
                                                <td>{share(t.share)}</td>
                                                <td>{before}</td>
                                                <td>{moved}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The stop-words as a form for those who keep them; a save reads the causes again.
#[component]
fn StopWordsForm(words: Vec<String>, saved_words: RwSignal<u32>) -> impl IntoView {
    let text = RwSignal::new(words.join(" "));
    let errors = RwSignal::new(FieldErrors::default());
    let banner = RwSignal::new(None::<String>);
    let save = move |_| {
        let words = text.get_untracked();
        if let Err(e) = StopWords::parse(&words) {
            errors.set(e);
            return;
        }
        let input = StopWordsInput { words };
        submit(async move { browser().set_stop_words(&input).await }, errors, banner, move |_| {
            saved_words.update(|n| *n += 1)
        });
    };
    // Drawn again with the causes after a save: open, saying so.
    let reopened = saved_words.get_untracked() > 0;
    view! {
        <details class="stop-words" id="stop-words-form" open=reopened>
            <summary>"불용어 편집"</summary>
            {reopened
                .then(|| {
                    view! {
                        <p class="note" id="stop-words-saved" role="status">
                            "불용어를 저장하고 다시 분석했습니다."
                        </p>
                    }
                })}
            <Banner message=banner />
            <label class="field" for="stop-words">
                <span>"분석에서 뺄 낱말 (띄어쓰기, 쉼표 또는 줄바꿈으로 구분)"</span>
                <textarea
                    id="stop-words"
                    rows="4"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                ></textarea>
            </label>
            <FieldMsg errors field="stop_words" />
            <button class="button" id="stop-words-save" on:click=save>
                "불용어 저장"
            </button>
        </details>
    }
}

/// The recurring causes of the period `query` names.
#[component]
pub fn RecurringCauses(query: Signal<String>) -> impl IntoView {
    let saved_words = RwSignal::new(0u32);
    let causes = LocalResource::new(move || {
        let q = query.get();
        saved_words.track();
        async move { browser().recurring(&q).await }
    });
    let group = RwSignal::new("all".to_owned());
    view! {
        <section class="recurring" id="recurring">
            <h2>"반복 원인 분석"</h2>
            <Suspense fallback=|| {
                view! { <p class="loading">"불러오는 중…"</p> }
            }>
                {move || {
                    causes
                        .get()
                        .map(|r| match r {
                            Ok(r) => {
                                let groups = r.terms.clone();
                                let options = groups
                                    .iter()
                                    .map(|g| {
                                        let label = format!("{} ({}건)", g.label, g.texts);
                                        let chosen = g.key == group.get_untracked();
                                        view! {
                                            <option value=g.key.clone() selected=chosen>
                                                {label}
                                            </option>
                                        }
                                    })
                                    .collect_view();
                                let shown = move || {
                                    let key = group.get();
                                    let g = groups
                                        .iter()
                                        .find(|g| g.key == key)
                                        .or_else(|| groups.first())
                                        .cloned()
                                        .unwrap_or_default();
                                    view! {
                                        <p class="note" id="recurring-texts">
                                            {format!(
                                                "읽은 민원 {}건 (이전 기간 {}건)",
                                                g.texts,
                                                g.previous_texts,
                                            )}
                                        </p>
                                        <div class="term-tables">
                                            <TermTable id="recurring-words" title="낱말" lines=g.words />
                                            <TermTable id="recurring-phrases" title="두 낱말 구" lines=g.phrases />
                                        </div>
                                    }
                                };
                                view! {
                                    <p class="note" id="recurring-compared">
                                        {format!(
                                            "{} ~ {}을(를) 이전 기간 {} ~ {}과(와) 비교합니다.",
                                            r.from,
                                            r.to,
                                            r.previous_from,
                                            r.previous_to,
                                        )}
                                    </p>
                                    <div class="riser-tables">
                                        <RiserTable id="risers-category" title="늘어난 분류" lines=r.categories />
                                        <RiserTable id="risers-facility" title="늘어난 시설" lines=r.facilities />
                                        <RiserTable
                                            id="risers-staff-cause"
                                            title="늘어난 직원 관련 원인"
                                            lines=r.staff_causes
                                        />
                                    </div>
                                    <h3>"자주 나온 말"</h3>
                                    <p class="note">
                                        {format!(
                                            "기간마다 최근 민원 최대 {}건의 내용에서 두 건 이상에 나온 낱말과 두 낱말 구를 셉니다 (칭찬 제외, 한 민원에서 한 번만).",
                                            thousands(r.texts_read_max),
                                        )}
                                    </p>
                                    <label class="field" for="recurring-group">
                                        <span>"분류"</span>
                                        <select
                                            id="recurring-group"
                                            prop:value=move || group.get()
                                            on:change=move |ev| group.set(event_target_value(&ev))
                                        >
                                            {options}
                                        </select>
                                    </label>
                                    {shown}
                                    {r
                                        .can_edit_stop_words
                                        .then(|| view! { <StopWordsForm words=r.stop_words saved_words /> })}
                                }
                                    .into_any()
                            }
                            Err(e) => failed(&e),
                        })
                }}
            </Suspense>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_by_thousands() {
        let shown: Vec<String> = [0, 999, 5_000, 1_234_567, -1_000].into_iter().map(super::thousands).collect();
        assert_eq!(shown, ["0", "999", "5,000", "1,234,567", "-1,000"]);
    }
}
