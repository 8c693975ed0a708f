//! Picking files to send with a filing or a supplement: each is uploaded as it is picked, so a
//! refused file is named at once with its reason and nothing else in the form changes; the form
//! then sends the handles of the accepted ones.

use leptos::prelude::*;

use crate::api::{self, UploadView};
use crate::domain::{MAX_ATTACHMENTS, check_size};
use crate::i18n::tr;
use crate::i18n::{LocaleText, use_lang};

/// One picked file: uploading, accepted (with its handle), or refused with the reason.
#[derive(Debug, Clone, PartialEq)]
enum FileState {
    Uploading,
    Accepted(UploadView),
    Refused(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Picked {
    key: u32,
    name: String,
    state: FileState,
}

/// The files picked in one form.
#[derive(Clone, Copy)]
pub struct PickedFiles {
    files: RwSignal<Vec<Picked>>,
    next_key: StoredValue<u32>,
}

impl Default for PickedFiles {
    fn default() -> Self {
        Self::new()
    }
}

impl PickedFiles {
    pub fn new() -> Self {
        Self { files: RwSignal::new(Vec::new()), next_key: StoredValue::new(0) }
    }

    /// Some file is still on its way up: the form waits.
    pub fn uploading(self) -> bool {
        self.files.with_untracked(|f| f.iter().any(|p| p.state == FileState::Uploading))
    }

    /// The handles of the accepted files, to send with the form.
    pub fn accepted(self) -> Vec<String> {
        self.files.with_untracked(|f| {
            f.iter()
                .filter_map(|p| match &p.state {
                    FileState::Accepted(u) => Some(u.id.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn clear(self) {
        self.files.set(Vec::new());
    }
}

/// The file field: `<input type=file id={id}>` and the list `{list_id}` of what was picked.
#[component]
pub fn FilePicker(files: PickedFiles, id: &'static str, list_id: &'static str) -> impl IntoView {
    let lang = use_lang();
    let PickedFiles { files, next_key } = files;
    let pick = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(list) = input.files() else { return };
        let l = lang.get_untracked();
        for i in 0..list.length() {
            let Some(file) = list.get(i) else { continue };
            let name = file.name();
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let counted =
                files.with_untracked(|f| f.iter().filter(|p| !matches!(p.state, FileState::Refused(_))).count());
            let size = usize::try_from(file.size() as u64).unwrap_or(usize::MAX);
            let early = if counted >= MAX_ATTACHMENTS {
                Some(crate::domain::FieldError::TooManyFiles { max: MAX_ATTACHMENTS })
            } else {
                check_size(&name, size).err()
            };
            if let Some(e) = early {
                files.update(|f| f.push(Picked { key, name, state: FileState::Refused(l.message(&e.ko(), &e.en())) }));
                continue;
            }
            files.update(|f| f.push(Picked { key, name, state: FileState::Uploading }));
            leptos::task::spawn_local(async move {
                let state = match api::upload(&file).await {
                    Ok(u) => FileState::Accepted(u),
                    Err(e) => FileState::Refused(e.first_message_in(l)),
                };
                files.update(|f| {
                    if let Some(p) = f.iter_mut().find(|p| p.key == key) {
                        p.state = state;
                    }
                });
            });
        }
        // The same file can be picked again after a refusal or removal.
        input.set_value("");
    };
    let file_list = move || {
        files
            .get()
            .into_iter()
            .map(|p| {
                let key = p.key;
                let remove = move |_| files.update(|f| f.retain(|x| x.key != key));
                let (class, status, role) = match &p.state {
                    FileState::Uploading => ("file uploading", lang.get().t(text!("home.files.uploading")), "status"),
                    FileState::Accepted(u) => {
                        ("file accepted", format!("{} KB", (u.size_bytes + 1023) / 1024), "status")
                    }
                    FileState::Refused(msg) => ("file refused", msg.clone(), "alert"),
                };
                let refused = matches!(p.state, FileState::Refused(_));
                view! {
                    <li class=class data-file=p.name.clone()>
                        <span class="file-name">{p.name.clone()}</span>
                        <span class="file-status" role=role>
                            {status}
                        </span>
                        <button type="button" class="button small" on:click=remove>
                            {move || {
                                lang.get()
                                    .t(if refused { text!("home.files.dismiss") } else { text!("home.files.remove") })
                            }}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let hint = format!("{id}-hint");
    view! {
        <div class="field files">
            <label for=id>{tr(text!("home.files"))}</label>
            <small class="hint" id=hint.clone()>
                {tr(text!("home.files.hint"))}
            </small>
            <input
                id=id
                type="file"
                multiple=true
                accept="image/jpeg,image/png,image/heic,image/heif,.heic,.heif,application/pdf"
                aria-describedby=format!("{hint} attachments-error")
                on:change=pick
            />
            <ul class="file-list" id=list_id>
                {file_list}
            </ul>
        </div>
    }
}
