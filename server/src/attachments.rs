//! What an uploaded file is, by its bytes, and the same file without its metadata.
//!
//! Invariant: an image is stored only after its EXIF, XMP and text metadata — where phones
//! keep the location a photo was taken — are gone. An image whose metadata cannot be
//! removed is refused, never stored as it came.

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
        MediaKind::Pdf => Some(data),
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
        MediaKind::Heic => {
            let mut data = data;
            little_exif::metadata::Metadata::clear_metadata(&mut data, little_exif::filetype::FileExtension::HEIF)
                .ok()?;
            Some(data)
        }
    }
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
}
