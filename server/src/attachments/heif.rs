//! HEIF/HEIC (ISO/IEC 23008-12 over the ISO base media file format): the metadata items —
//! `Exif`, and `mime` items such as XMP — are blanked where they lie in the file.
//!
//! Every length the file states is checked against the bytes really there before it is
//! used, nothing is allocated in proportion to a stated length, and every box walk moves
//! forward, so no file can make this run long, allocate much or panic. The structure is
//! left as it is (only the metadata items' bytes become zeros), so offsets elsewhere in the
//! file stay true and the picture is untouched.

/// Why a file was not cleaned.
#[derive(Debug, PartialEq, Eq)]
pub enum Malformed {
    /// A box or field runs past the bytes it is in.
    Truncated,
    /// A field holds a value the format does not allow (or one this reader will not follow).
    Invalid(&'static str),
}

type Result<T> = std::result::Result<T, Malformed>;

/// Reads big-endian fields from a slice; every read is bounds-checked.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(Malformed::Truncated)?;
        let bytes = self.data.get(self.pos..end).ok_or(Malformed::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u64> {
        let b = self.take(2)?;
        Ok(u64::from(u16::from_be_bytes([b[0], b[1]])))
    }

    fn u32(&mut self) -> Result<u64> {
        let b = self.take(4)?;
        Ok(u64::from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])))
    }

    /// An unsigned field of 0, 4 or 8 bytes, as `iloc` sizes them.
    fn sized(&mut self, size: u8) -> Result<u64> {
        match size {
            0 => Ok(0),
            4 => self.u32(),
            8 => {
                let b = self.take(8)?;
                Ok(u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            }
            _ => Err(Malformed::Invalid("iloc field size")),
        }
    }

    /// A NUL-terminated string (its bytes, without the NUL).
    fn cstr(&mut self) -> Result<&'a [u8]> {
        let rest = self.data.get(self.pos..).ok_or(Malformed::Truncated)?;
        let len = rest.iter().position(|&b| b == 0).ok_or(Malformed::Truncated)?;
        self.pos += len + 1;
        Ok(&rest[..len])
    }

    fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }
}

/// One box: its type, where its payload starts in the whole file, and the payload.
struct BoxRef<'a> {
    kind: [u8; 4],
    start: usize,
    payload: &'a [u8],
}

/// The boxes laid end to end in `data`, which begins at `base` in the file.
fn boxes(data: &[u8], base: usize) -> Result<Vec<BoxRef<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0usize;
    while pos < data.len() {
        let mut r = Reader { data, pos };
        let size32 = r.u32()?;
        let kind: [u8; 4] = r.take(4)?.try_into().map_err(|_| Malformed::Truncated)?;
        let size = match size32 {
            0 => (data.len() - pos) as u64,
            1 => r.sized(8)?,
            n => n,
        };
        let header = r.pos - pos;
        let size = usize::try_from(size).map_err(|_| Malformed::Truncated)?;
        if size < header {
            return Err(Malformed::Invalid("box size smaller than its header"));
        }
        let end = pos.checked_add(size).ok_or(Malformed::Truncated)?;
        let payload = data.get(pos + header..end).ok_or(Malformed::Truncated)?;
        out.push(BoxRef { kind, start: base + pos + header, payload });
        pos = end;
    }
    Ok(out)
}

/// A `FullBox`'s version; the reader is left after its flags.
fn full_box(r: &mut Reader<'_>) -> Result<u8> {
    let version = r.u8()?;
    r.take(3)?;
    Ok(version)
}

/// The ids of items that hold metadata rather than the picture: `Exif`, and `mime` items
/// (XMP and its kin); in the old `infe` versions, items whose content type says so.
fn metadata_items(iinf: &[u8]) -> Result<Vec<u64>> {
    let mut r = Reader::new(iinf);
    let version = full_box(&mut r)?;
    if version == 0 {
        r.u16()?
    } else {
        r.u32()?
    };
    let start = r.pos;
    let mut ids = Vec::new();
    for infe in boxes(r.rest(), start)? {
        if &infe.kind != b"infe" {
            continue;
        }
        let mut e = Reader::new(infe.payload);
        let v = full_box(&mut e)?;
        let metadata = match v {
            0 | 1 => {
                let id = e.u16()?;
                e.u16()?; // protection index
                e.cstr()?; // name
                let content_type = e.cstr()?;
                (content_type.windows(3).any(|w| w.eq_ignore_ascii_case(b"xml"))
                    || content_type.windows(4).any(|w| w.eq_ignore_ascii_case(b"exif")))
                .then_some(id)
            }
            2 | 3 => {
                let id = if v == 2 { e.u16()? } else { e.u32()? };
                e.u16()?; // protection index
                let item_type = e.take(4)?;
                (item_type == b"Exif" || item_type == b"mime").then_some(id)
            }
            _ => return Err(Malformed::Invalid("infe version")),
        };
        ids.extend(metadata);
    }
    Ok(ids)
}

/// Where an item's bytes are: in the file (construction method 0) or in `idat` (method 1).
#[derive(Debug, PartialEq, Eq)]
enum Place {
    File,
    Idat,
}

/// The extents `(place, offset, length)` of the items `wanted`, as `iloc` gives them; a
/// length of 0 means "to the end".
fn extents_of(iloc: &[u8], wanted: &std::collections::BTreeSet<u64>) -> Result<Vec<(Place, u64, u64)>> {
    let mut r = Reader::new(iloc);
    let version = full_box(&mut r)?;
    if version > 2 {
        return Err(Malformed::Invalid("iloc version"));
    }
    let sizes = r.u8()?;
    let (offset_size, length_size) = (sizes >> 4, sizes & 0x0f);
    let sizes = r.u8()?;
    let base_offset_size = sizes >> 4;
    let index_size = if version == 0 { 0 } else { sizes & 0x0f };
    let item_count = if version < 2 { r.u16()? } else { r.u32()? };
    let mut out = Vec::new();
    for _ in 0..item_count {
        let id = if version < 2 { r.u16()? } else { r.u32()? };
        let method = if version == 0 { 0 } else { r.u16()? & 0x0f };
        r.u16()?; // data reference index
        let base = r.sized(base_offset_size)?;
        let extent_count = r.u16()?;
        // Extents of no bytes at all would let a tiny file ask for billions of steps.
        if offset_size == 0 && length_size == 0 && index_size == 0 && extent_count > 1 {
            return Err(Malformed::Invalid("iloc extents of no size"));
        }
        for _ in 0..extent_count {
            r.sized(index_size)?;
            let offset = r.sized(offset_size)?;
            let length = r.sized(length_size)?;
            if !wanted.contains(&id) {
                continue;
            }
            let place = match method {
                0 => Place::File,
                1 => Place::Idat,
                _ => return Err(Malformed::Invalid("metadata item built from other items")),
            };
            let offset = base.checked_add(offset).ok_or(Malformed::Truncated)?;
            out.push((place, offset, length));
        }
    }
    Ok(out)
}

/// The file range of `len` bytes (0: to the end) at `offset` of a region that starts at
/// `start` in the file and is `region_len` long; a range outside the region is refused.
fn range(start: usize, region_len: usize, offset: u64, len: u64) -> Result<(usize, usize)> {
    let offset = usize::try_from(offset).map_err(|_| Malformed::Truncated)?;
    let len = if len == 0 {
        region_len.checked_sub(offset).ok_or(Malformed::Truncated)?
    } else {
        usize::try_from(len).map_err(|_| Malformed::Truncated)?
    };
    let end = offset.checked_add(len).filter(|&e| e <= region_len).ok_or(Malformed::Truncated)?;
    let from = start.checked_add(offset).ok_or(Malformed::Truncated)?;
    let to = start.checked_add(end).ok_or(Malformed::Truncated)?;
    Ok((from, to))
}

/// Blanks every metadata item of a HEIF file. The file must have exactly one top-level
/// `meta` box with an `iinf` and an `iloc` that parse in full.
pub fn strip(mut data: Vec<u8>) -> Result<Vec<u8>> {
    let top = boxes(&data, 0)?;
    let mut metas = top.iter().filter(|b| &b.kind == b"meta");
    let meta = metas.next().ok_or(Malformed::Invalid("no meta box"))?;
    if metas.next().is_some() {
        return Err(Malformed::Invalid("two meta boxes"));
    }
    let mut r = Reader::new(meta.payload);
    full_box(&mut r)?;
    let children = boxes(r.rest(), meta.start + r.pos)?;
    let find = |kind: &[u8; 4]| children.iter().find(|b| &b.kind == kind);
    let iinf = find(b"iinf").ok_or(Malformed::Invalid("no iinf box"))?;
    let iloc = find(b"iloc").ok_or(Malformed::Invalid("no iloc box"))?;
    let idat = find(b"idat").map(|b| (b.start, b.payload.len()));
    let mdats: Vec<(usize, usize)> =
        top.iter().filter(|b| &b.kind == b"mdat").map(|b| (b.start, b.start + b.payload.len())).collect();
    let ids = metadata_items(iinf.payload)?.into_iter().collect();
    let extents = extents_of(iloc.payload, &ids)?;
    let file_len = data.len();
    let mut ranges = extents
        .into_iter()
        .map(|(place, offset, len)| match place {
            // Blanking must never reach the boxes that describe the file.
            Place::File => range(0, file_len, offset, len).and_then(|(from, to)| {
                mdats
                    .iter()
                    .any(|&(start, end)| start <= from && to <= end)
                    .then_some((from, to))
                    .ok_or(Malformed::Invalid("metadata item outside mdat"))
            }),
            Place::Idat => {
                let (start, region) = idat.ok_or(Malformed::Invalid("item in a missing idat"))?;
                range(start, region, offset, len)
            }
        })
        .collect::<Result<Vec<_>>>()?;
    // Each byte is blanked once however the extents overlap, so the work is the file's size.
    ranges.sort_unstable();
    let mut done = 0;
    for (from, to) in ranges {
        let from = from.max(done);
        if let Some(bytes) = data.get_mut(from..to) {
            bytes.fill(0);
            done = to;
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut v = u32::try_from(payload.len() + 8).unwrap().to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(payload);
        v
    }

    /// A minimal HEIF: item 1 a picture, item 2 Exif, item 3 XMP in `idat`.
    fn sample(exif_offset: u32, exif_len: u32) -> Vec<u8> {
        let infe = |id: u16, kind: &[u8; 4], extra: &[u8]| {
            let mut p = vec![2, 0, 0, 0];
            p.extend_from_slice(&id.to_be_bytes());
            p.extend_from_slice(&[0, 0]);
            p.extend_from_slice(kind);
            p.push(0);
            p.extend_from_slice(extra);
            bx(b"infe", &p)
        };
        let mut iinf = vec![0, 0, 0, 0, 0, 3];
        iinf.extend(infe(1, b"hvc1", b""));
        iinf.extend(infe(2, b"Exif", b""));
        iinf.extend(infe(3, b"mime", b"application/rdf+xml\0"));
        // iloc v1: offset 4, length 4, base 0, index 0.
        let mut iloc = vec![1, 0, 0, 0, 0x44, 0x00, 0, 3];
        for (id, method, off, len) in [(1u16, 0u16, 0u32, 4u32), (2, 0, exif_offset, exif_len), (3, 1, 0, 5)] {
            iloc.extend_from_slice(&id.to_be_bytes());
            iloc.extend_from_slice(&method.to_be_bytes());
            iloc.extend_from_slice(&[0, 0, 0, 1]);
            iloc.extend_from_slice(&off.to_be_bytes());
            iloc.extend_from_slice(&len.to_be_bytes());
        }
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(bx(b"iinf", &iinf));
        meta.extend(bx(b"iloc", &iloc));
        meta.extend(bx(b"idat", b"<xmp>"));
        let mut file = bx(b"ftyp", b"heic\0\0\0\0mif1heic");
        file.extend(bx(b"meta", &meta));
        file.extend(bx(b"mdat", b"PICTExif\0\0GPS-HERE"));
        file
    }

    #[test]
    fn exif_and_xmp_items_are_blanked_and_the_picture_kept() {
        let file = sample(0, 0);
        let mdat = file.windows(4).position(|w| w == b"PICT").unwrap();
        let file = sample(u32::try_from(mdat + 4).unwrap(), 14);
        let clean = strip(file.clone()).unwrap();
        assert_eq!(clean.len(), file.len());
        assert!(clean.windows(4).any(|w| w == b"PICT"), "the picture stays");
        assert!(!clean.windows(8).any(|w| w == b"GPS-HERE"), "Exif gone");
        assert!(!clean.windows(5).any(|w| w == b"<xmp>"), "XMP in idat gone");
    }

    #[test]
    fn lengths_past_the_end_are_refused_not_followed() {
        let file = sample(0, 0);
        let mdat = file.windows(4).position(|w| w == b"PICT").unwrap();
        let bad = sample(u32::try_from(mdat).unwrap(), u32::MAX);
        assert_eq!(strip(bad), Err(Malformed::Truncated));
        // A box claiming nearly 2^64 bytes (a 64-bit size).
        let mut huge = 1u32.to_be_bytes().to_vec();
        huge.extend_from_slice(b"meta");
        huge.extend_from_slice(&(u64::MAX - 3).to_be_bytes());
        huge.extend_from_slice(&[0; 16]);
        assert_eq!(strip(huge), Err(Malformed::Truncated));
        assert!(strip(Vec::new()).is_err());
        assert!(strip(b"\0\0\0\x01meta".to_vec()).is_err());
    }
}
