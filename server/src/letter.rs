//! The written result notice as a PDF: [`app::domain::ResultLetter`]'s blocks laid out on A4,
//! in a font that ships with the system (Noto Sans CJK from Debian's `fonts-noto-cjk`,
//! SIL Open Font Licence), embedded as a subset so that the Korean is real, searchable text.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use app::domain::{LetterBlock, ResultLetter, wrap};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

/// Where Debian's `fonts-noto-cjk` puts the regular Noto Sans CJK collection.
pub const DEFAULT_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// `VOC_ORGANISATION`, `VOC_CONTACT`, `VOC_LETTER_FONT`: who sends the letters, the telephone
/// they name, and the font they are set in.
#[derive(Debug, Clone)]
pub struct LetterConfig {
    /// The sender; by default the profile's organisation.
    pub organisation: Option<String>,
    pub contact: Option<String>,
    pub font: PathBuf,
}

impl Default for LetterConfig {
    fn default() -> Self {
        Self { organisation: None, contact: None, font: PathBuf::from(DEFAULT_FONT) }
    }
}

/// The letter settings of a running instance; the font is read on the first letter.
#[derive(Debug)]
pub struct Letters {
    pub organisation: String,
    pub contact: Option<String>,
    font_path: PathBuf,
    font: OnceLock<Result<LetterFont, String>>,
}

impl Letters {
    pub fn new(config: &LetterConfig, profile: crate::profile::Profile) -> Self {
        Self {
            organisation: config.organisation.clone().unwrap_or_else(|| profile.organisation().to_owned()),
            contact: config.contact.clone(),
            font_path: config.font.clone(),
            font: OnceLock::new(),
        }
    }

    /// The font, read once; the error says which file is missing or unusable.
    pub fn font(&self) -> Result<&LetterFont, String> {
        self.font.get_or_init(|| LetterFont::load(&self.font_path)).as_ref().map_err(Clone::clone)
    }
}

/// A font with Hangul, and the face of a collection that has it (the Korean one when named).
pub struct LetterFont {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl std::fmt::Debug for LetterFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LetterFont(face {} of {} bytes)", self.index, self.data.len())
    }
}

impl LetterFont {
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::from_data(data).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_data(data: Vec<u8>) -> Result<Self, String> {
        let file = skrifa::raw::FileRef::new(&data).map_err(|e| format!("not a font ({e})"))?;
        let mut hangul = None;
        for (i, face) in file.fonts().enumerate() {
            let Ok(face) = face else { continue };
            if face.charmap().map('가').is_none() {
                continue;
            }
            let family = face
                .localized_strings(skrifa::string::StringId::FAMILY_NAME)
                .english_or_first()
                .map(|s| s.chars().collect::<String>())
                .unwrap_or_default();
            let i = u32::try_from(i).map_err(|_| "too many faces".to_owned())?;
            if family.contains("KR") || family.contains("Korean") {
                hangul = Some(i);
                break;
            }
            hangul.get_or_insert(i);
        }
        let index = hangul.ok_or_else(|| "no face of this font has Hangul".to_owned())?;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index).ok_or_else(|| format!("face {index} unreadable"))?;
        Ok(Self { data, index, font })
    }

    fn face(&self) -> Result<skrifa::FontRef<'_>, String> {
        skrifa::FontRef::from_index(&self.data, self.index).map_err(|e| e.to_string())
    }
}

const A4: (f32, f32) = (595.28, 841.89);
const MARGIN: f32 = 64.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 1.65;
const LABEL_WIDTH: f32 = 78.0;

/// Lays out pages top to bottom, starting a new page when the next line would not fit.
struct Layout<'a> {
    font: &'a LetterFont,
    face: skrifa::FontRef<'a>,
    document: Document,
    pages: Vec<Vec<(Point, f32, String)>>,
    rules: Vec<Vec<f32>>,
    y: f32,
}

impl<'a> Layout<'a> {
    fn width_of(&self, size: f32, text: &str) -> f32 {
        text.chars().map(|c| self.advance(size, c)).sum()
    }

    fn advance(&self, size: f32, c: char) -> f32 {
        let metrics = self.face.glyph_metrics(Size::new(size), LocationRef::default());
        self.face.charmap().map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(size)
    }

    fn room(&mut self, height: f32) {
        if self.y + height > A4.1 - MARGIN {
            self.pages.push(Vec::new());
            self.rules.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn line(&mut self, x: f32, size: f32, text: String) {
        self.room(size * LEADING);
        self.y += size * LEADING;
        let y = self.y;
        if let Some(p) = self.pages.last_mut() {
            p.push((Point::from_xy(x, y), size, text));
        }
    }

    fn centred(&mut self, size: f32, text: &str) {
        let x = (A4.0 - self.width_of(size, text)) / 2.0;
        self.line(x.max(MARGIN), size, text.to_owned());
    }

    fn paragraph(&mut self, x: f32, size: f32, text: &str) {
        let width = A4.0 - MARGIN - x;
        for l in wrap(text, width, |c| self.advance(size, c)) {
            self.line(x, size, l);
        }
    }

    fn rule(&mut self) {
        self.room(12.0);
        self.y += 8.0;
        let y = self.y;
        if let Some(r) = self.rules.last_mut() {
            r.push(y);
        }
        self.y += 4.0;
    }

    fn gap(&mut self, h: f32) {
        self.y += h;
    }

    fn finish(mut self, title: &str) -> Result<Vec<u8>, String> {
        let black = Fill { paint: rgb::Color::new(0, 0, 0).into(), ..Default::default() };
        let stroke = Stroke { paint: rgb::Color::new(0, 0, 0).into(), width: 0.8, ..Default::default() };
        for (lines, rules) in self.pages.iter().zip(&self.rules) {
            let settings = PageSettings::from_wh(A4.0, A4.1).ok_or("page size")?;
            let mut page = self.document.start_page_with(settings);
            let mut surface: Surface<'_> = page.surface();
            surface.set_fill(Some(black.clone()));
            for (at, size, text) in lines {
                surface.draw_text(*at, self.font.font.clone(), *size, text, false, TextDirection::Auto);
            }
            surface.set_fill(None);
            surface.set_stroke(Some(stroke.clone()));
            for y in rules {
                let mut pb = PathBuilder::new();
                pb.move_to(MARGIN, *y);
                pb.line_to(A4.0 - MARGIN, *y);
                if let Some(path) = pb.finish() {
                    surface.draw_path(&path);
                }
            }
            surface.finish();
            page.finish();
        }
        self.document.set_metadata(Metadata::new().title(title.to_owned()).language("ko".to_owned()));
        self.document.finish().map_err(|e| format!("PDF: {e:?}"))
    }
}

/// The letter as PDF bytes.
pub fn render(letter: &ResultLetter, font: &LetterFont) -> Result<Vec<u8>, String> {
    render_blocks(letter.blocks(), &format!("{} ({})", app::domain::LETTER_TITLE, letter.receipt_no), font)
}

/// Any document made of [`LetterBlock`]s (the result letter, the quarterly evaluation) as PDF
/// bytes, `title` in its metadata.
pub fn render_blocks(blocks: Vec<LetterBlock>, title: &str, font: &LetterFont) -> Result<Vec<u8>, String> {
    let mut l = Layout {
        font,
        face: font.face()?,
        document: Document::new(),
        pages: vec![Vec::new()],
        rules: vec![Vec::new()],
        y: MARGIN,
    };
    for block in blocks {
        match block {
            LetterBlock::Organisation(o) => l.centred(13.0, &o),
            LetterBlock::Title(t) => {
                l.gap(6.0);
                l.centred(20.0, t);
                l.rule();
                l.gap(4.0);
            }
            LetterBlock::Field(label, value) => {
                let y = l.y;
                l.line(MARGIN, BODY, label.to_owned());
                l.y = y;
                l.paragraph(MARGIN + LABEL_WIDTH, BODY, &value);
            }
            LetterBlock::Section(heading, paragraphs) => {
                l.gap(8.0);
                l.line(MARGIN, 12.0, format!("■ {heading}"));
                for p in paragraphs {
                    l.paragraph(MARGIN + 12.0, BODY, &p);
                }
            }
            LetterBlock::Closing { date, signer } => {
                l.gap(18.0);
                l.rule();
                l.gap(14.0);
                l.centred(12.0, &date);
                l.gap(14.0);
                l.centred(18.0, &signer);
            }
        }
    }
    l.finish(title)
}
