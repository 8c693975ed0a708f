//! QR codes, drawn as SVG: black on white with the quiet zone scanners need, at least
//! 220 px, error correction M (a smudged kiosk screen still scans).

use qrcode::render::svg::Color;

pub fn svg(text: &str) -> Result<String, qrcode::types::QrError> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)?;
    Ok(code
        .render::<Color>()
        .min_dimensions(220, 220)
        .quiet_zone(true)
        .dark_color(Color("#000000"))
        .light_color(Color("#ffffff"))
        .build())
}
