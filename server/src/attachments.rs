//! What an uploaded file is, by its bytes, and the same file without its metadata.
//!
//! Invariant: an image is stored only after its EXIF, XMP and text metadata — where phones
//! keep the location a photo was taken — are gone. An image whose metadata cannot be
//! removed is refused, never stored as it came.

mod heif;

use app::domain::{FieldError, MediaKind, check_size, clean_file_name};
use img_parts::Bytes;

/// An upload that passed: its clean name, kind and the bytes to store.
#[derive(Debug)]
pub struct Accepted {
    pub file_name: String,
    pub kind: MediaKind,
    pub data: Vec<u8>,
}

/// Recognises the file by content and strips image metadata.
pub fn accept(raw_name: &str, data: Vec<u8>) -> Result<Accepted, FieldError> {
    let file_name = clean_file_name(raw_name);
    check_size(&file_name, data.len())?;
    let kind = sniff(&data).ok_or_else(|| FieldError::FileType { name: file_name.clone() })?;
    let data = strip(kind, data).ok_or_else(|| FieldError::FileUnreadable { name: file_name.clone() })?;
    Ok(Accepted { file_name, kind, data })
}

/// The kind the bytes say, whatever the name or the browser claimed.
pub fn sniff(data: &[u8]) -> Option<MediaKind> {
    match infer::get(data)?.mime_type() {
        "image/jpeg" => Some(MediaKind::Jpeg),
        "image/png" => Some(MediaKind::Png),
        "image/heif" | "image/heic" => Some(MediaKind::Heic),
        "application/pdf" => Some(MediaKind::Pdf),
        _ => None,
    }
}

/// JPEG segments that carry metadata rather than the picture: APP1 (EXIF, XMP), APP3–APP13
/// (vendor blocks, IPTC) and COM. APP0 (JFIF), APP2 (ICC colour) and APP14 (Adobe colour
/// transform) stay, since the picture's colours depend on them.
fn is_jpeg_metadata(marker: u8) -> bool {
    marker == 0xE1 || (0xE3..=0xED).contains(&marker) || marker == 0xFE
}

/// PNG chunks that carry metadata: EXIF and the three text chunks (XMP lives in iTXt).
const PNG_METADATA: [[u8; 4]; 4] = [*b"eXIf", *b"tEXt", *b"zTXt", *b"iTXt"];

fn strip(kind: MediaKind, data: Vec<u8>) -> Option<Vec<u8>> {
    match kind {
        MediaKind::Pdf => pdf_looks_whole(&data).then_some(data),
        MediaKind::Jpeg => {
            let mut jpeg = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(data)).ok()?;
            jpeg.segments_mut().retain(|s| !is_jpeg_metadata(s.marker()));
            Some(jpeg.encoder().bytes().to_vec())
        }
        MediaKind::Png => {
            let mut png = img_parts::png::Png::from_bytes(Bytes::from(data)).ok()?;
            png.chunks_mut().retain(|c| !PNG_METADATA.contains(&c.kind()));
            Some(png.encoder().bytes().to_vec())
        }
        MediaKind::Heic => heif::strip(data).ok(),
    }
}

/// A PDF is kept as it came (no metadata is stripped from it), but one that does not end
/// in `%%EOF` within its last kilobyte was cut off or is not a PDF, and is refused.
fn pdf_looks_whole(data: &[u8]) -> bool {
    let tail = &data[data.len().saturating_sub(1024)..];
    data.starts_with(b"%PDF-") && tail.windows(5).any(|w| w == b"%%EOF")
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPG: &[u8] = include_bytes!("../tests/fixtures/gps.jpg");
    const PNG: &[u8] = include_bytes!("../tests/fixtures/gps.png");
    const HEIC: &[u8] = include_bytes!("../tests/fixtures/gps.heic");
    const PDF: &[u8] = include_bytes!("../tests/fixtures/doc.pdf");

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn kinds_come_from_the_bytes_not_the_name() {
        assert_eq!(accept("photo.pdf", JPG.to_vec()).unwrap().kind, MediaKind::Jpeg);
        assert_eq!(accept("scan.jpg", PDF.to_vec()).unwrap().kind, MediaKind::Pdf);
        assert_eq!(accept("x", PNG.to_vec()).unwrap().kind, MediaKind::Png);
        assert_eq!(accept("IMG_0001.HEIC", HEIC.to_vec()).unwrap().kind, MediaKind::Heic);
        let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
        assert_eq!(accept("cat.jpg", gif).unwrap_err(), FieldError::FileType { name: "cat.jpg".into() });
        let exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
        assert!(matches!(accept("a.png", exe), Err(FieldError::FileType { .. })));
        assert!(matches!(accept("notes.txt", "그냥 글자입니다".as_bytes().to_vec()), Err(FieldError::FileType { .. })));
    }

    #[test]
    fn location_and_camera_data_are_gone_from_every_image_kind() {
        for (name, original) in [("a.jpg", JPG), ("b.png", PNG), ("c.heic", HEIC)] {
            assert!(contains(original, b"VOC-TEST-CAMERA"), "{name}: the fixture carries EXIF");
            let kept = accept(name, original.to_vec()).unwrap();
            assert!(!contains(&kept.data, b"VOC-TEST-CAMERA"), "{name}: EXIF removed");
            assert!(!contains(&kept.data, b"Exif\0\0") || kept.kind == MediaKind::Heic, "{name}: no EXIF block");
            assert_eq!(sniff(&kept.data), Some(kept.kind), "{name}: still the same kind of image");
            assert!(kept.data.len() > 100, "{name}: the picture is still there");
        }
    }

    #[test]
    fn a_damaged_image_is_refused_not_stored_with_its_metadata() {
        let mut broken = JPG[..40].to_vec();
        broken.extend_from_slice(b"VOC-TEST-CAMERA");
        assert_eq!(
            accept("broken.jpg", broken).map(|a| a.kind).unwrap_err(),
            FieldError::FileUnreadable { name: "broken.jpg".into() }
        );
        assert!(matches!(accept("empty.png", Vec::new()), Err(FieldError::FileEmpty { .. })));
    }

    /// A 164-byte HEIC whose `meta` box claims a length of 2^62: once enough to make the old
    /// metadata library allocate without bound and abort the whole server.
    const HUGE_BOX: &[u8] = include_bytes!("../tests/fixtures/huge-box.heic");

    #[test]
    fn a_heic_claiming_an_endless_box_is_refused() {
        let file = HUGE_BOX.to_vec();
        assert_eq!(sniff(&file), Some(MediaKind::Heic));
        assert_eq!(accept("bomb.heic", file).unwrap_err(), FieldError::FileUnreadable { name: "bomb.heic".into() });
    }

    #[test]
    fn a_cut_off_pdf_is_refused() {
        assert!(accept("doc.pdf", PDF.to_vec()).is_ok());
        let cut = PDF[..PDF.len() / 2].to_vec();
        assert_eq!(accept("cut.pdf", cut).unwrap_err(), FieldError::FileUnreadable { name: "cut.pdf".into() });
    }

    /// What a hostile or damaged upload may do to a real file.
    #[derive(Debug, Clone)]
    enum Mutation {
        /// Sets the byte at this fraction of the file.
        Set(f64, u8),
        /// Writes a big-endian length field (a favourite lie of crafted files).
        Length(f64, u32),
        /// Cuts the file there.
        Truncate(f64),
        /// Copies a run of bytes to another place.
        Splice(f64, f64, u16),
    }

    fn mutate(mut data: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
        let at = |len: usize, f: f64| ((len as f64) * f) as usize % len.max(1);
        for m in mutations {
            let len = data.len();
            if len == 0 {
                break;
            }
            match *m {
                Mutation::Set(f, b) => data[at(len, f)] = b,
                Mutation::Length(f, v) => {
                    let i = at(len, f);
                    for (k, b) in v.to_be_bytes().into_iter().enumerate() {
                        if let Some(slot) = data.get_mut(i + k) {
                            *slot = b;
                        }
                    }
                }
                Mutation::Truncate(f) => data.truncate(at(len, f)),
                Mutation::Splice(from, to, n) => {
                    let from = at(len, from);
                    let run: Vec<u8> = data[from..(from + usize::from(n)).min(len)].to_vec();
                    let to = at(len, to);
                    data.splice(to..to, run);
                }
            }
        }
        data
    }

    fn mutation() -> impl proptest::strategy::Strategy<Value = Mutation> {
        use proptest::prelude::*;
        let length = prop_oneof![Just(0u32), Just(1), Just(u32::MAX), Just(0x7fff_ffff), Just(0xffff), any::<u32>()];
        prop_oneof![
            (0.0..1.0f64, any::<u8>()).prop_map(|(f, b)| Mutation::Set(f, b)),
            (0.0..1.0f64, length).prop_map(|(f, v)| Mutation::Length(f, v)),
            (0.0..1.0f64).prop_map(Mutation::Truncate),
            (0.0..1.0f64, 0.0..1.0f64, 1..512u16).prop_map(|(a, b, n)| Mutation::Splice(a, b, n)),
        ]
    }

    proptest::proptest! {
        // `PROPTEST_CASES` sets the count: a few hundred in `scripts/test`, 100,000 in the
        // benchmark run (docs/benchmarks.md).
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(400),
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]

        /// No file, however damaged, makes the sanitiser panic, abort or allocate without
        /// bound: it answers with a clean file or a refusal naming it.
        #[test]
        fn mutated_real_files_never_panic(
            which in 0usize..5,
            mutations in proptest::collection::vec(mutation(), 1..12),
        ) {
            let original = [JPG, PNG, HEIC, PDF, HUGE_BOX][which].to_vec();
            let file = mutate(original, &mutations);
            match accept("fuzz", file) {
                Ok(kept) => proptest::prop_assert_eq!(sniff(&kept.data), Some(kept.kind)),
                Err(e) => {
                    let named = matches!(
                        e,
                        FieldError::FileType { .. } | FieldError::FileUnreadable { .. } | FieldError::FileEmpty { .. }
                    );
                    proptest::prop_assert!(named, "refused with {:?}", e);
                }
            }
        }
    }
}
