//! What the output publishes of a file of the site: the file as it is, but
//! for photos, which lose their metadata on the way. A phone writes into
//! every photo where it was taken, by whom, with which device (EXIF, XMP,
//! IPTC, comments, PNG text chunks): an apprentice's portfolio must not
//! publish the address of their workshop or their home.
//!
//! Photos are known by their first bytes, whatever their name: JPEG, PNG
//! and WebP, the formats browsers show. Their containers are rewritten
//! (img-parts), never their pixels: nothing is decoded, so nothing is lost
//! to a new compression. What a browser needs to show the photo as the
//! source shows it stays: the image data, the colour profile (ICC), and
//! the EXIF Orientation tag, alone in an EXIF block of its own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use exif::{Field, In, Tag, Value};
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::tr;

/// The formats whose metadata is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Photo {
    Jpeg,
    Png,
    WebP,
}

/// The most bytes [`Photo::sniff`] needs.
pub const SNIFFED: usize = 12;

impl Photo {
    /// The format of a file from its first bytes (at least [`SNIFFED`] of
    /// them when the file has as many); None for any other file.
    pub fn sniff(head: &[u8]) -> Option<Photo> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Photo::Jpeg)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Photo::Png)
        } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
            Some(Photo::WebP)
        } else {
            None
        }
    }
}

/// A file of the site as the output publishes it, its source opened once.
pub enum Published {
    /// A photo's bytes without its metadata, or a small file read whole. A
    /// photo is read whole (img-parts works on the file in memory); render
    /// jobs put files one at a time, so no more photos are held at once
    /// than there are threads, besides those [`Sources`] keeps.
    Whole(Arc<[u8]>),
    /// Any other file, published as is: its first bytes, already read to
    /// tell what it is, then the rest of it, to be streamed (evidence may
    /// be a video too large to hold in memory on every thread at once).
    AsIs(std::io::Chain<std::io::Cursor<Vec<u8>>, std::fs::File>),
}

/// The sources a build publishes, so that a file cited by several log
/// entries (a certificate, the photo of a whole project), and published
/// beside each, is read and cleaned once. Only a source asked for a second
/// time is kept, and only while the kept bytes stay under [`Sources::ROOM`]:
/// a site whose every photo is cited once holds nothing but their paths.
#[derive(Default)]
pub struct Sources {
    /// Sources asked for once, and the bytes of those asked for again.
    seen: Mutex<crate::FastMap<PathBuf, Option<Arc<[u8]>>>>,
    kept: AtomicUsize,
}

impl Sources {
    /// The most bytes kept at once.
    pub const ROOM: usize = 16 << 20;

    /// [`open`], or the bytes it gave last time.
    pub fn open(&self, source: &Path, lang: Lang) -> Result<Published, Box<Diagnostic>> {
        let again = {
            let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
            match seen.get(source) {
                Some(Some(bytes)) => return Ok(Published::Whole(Arc::clone(bytes))),
                Some(None) => true,
                None => {
                    seen.insert(source.to_path_buf(), None);
                    false
                }
            }
        };
        let published = open(source, lang)?;
        if let Published::Whole(bytes) = &published
            && again
            && self.kept.fetch_add(bytes.len(), Ordering::Relaxed) + bytes.len() <= Self::ROOM
        {
            self.seen
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(source.to_path_buf(), Some(Arc::clone(bytes)));
        }
        Ok(published)
    }
}

/// Opens `source` and tells what the output publishes of it.
pub fn open(source: &Path, lang: Lang) -> Result<Published, Box<Diagnostic>> {
    let read_failed = |e: std::io::Error| super::io_error(lang, source, &e);
    let mut file = std::fs::File::open(source).map_err(read_failed)?;
    // More than the format needs: most evidence files are that small, and
    // are then read in one go.
    const HEAD: u64 = 64 * 1024;
    let mut bytes = Vec::new();
    (&mut file)
        .take(HEAD)
        .read_to_end(&mut bytes)
        .map_err(read_failed)?;
    let Some(photo) = Photo::sniff(&bytes) else {
        // Shorter than what was asked for: the file was read to its end.
        if (bytes.len() as u64) < HEAD {
            return Ok(Published::Whole(bytes.into()));
        }
        return Ok(Published::AsIs(std::io::Cursor::new(bytes).chain(file)));
    };
    file.read_to_end(&mut bytes).map_err(read_failed)?;
    match without_metadata(photo, Bytes::from(bytes)) {
        Ok(published) => Ok(Published::Whole(published.into())),
        Err(error) => {
            // Published as is, it would keep all it holds: refused instead.
            let (shown, reason) = (source.display().to_string(), error.to_string());
            Err(Box::new(
                Diagnostic::error(
                    "photo-damaged",
                    tr!(
                        lang,
                        "impossible de retirer les métadonnées de la photo {shown} : {reason}",
                        "cannot remove the metadata of photo {shown}: {reason}"
                    ),
                )
                .help(tr!(
                    lang,
                    "le fichier est abîmé ; ouvrez-le dans un logiciel d'images et enregistrez-le de nouveau, ou retirez-le du site",
                    "the file is damaged; open it in an image editor and save it again, or remove it from the site"
                )),
            ))
        }
    }
}

/// A photo's bytes without its metadata; an error when its container
/// cannot be read.
pub fn without_metadata(photo: Photo, bytes: Bytes) -> Result<Vec<u8>, img_parts::Error> {
    let mut published = Vec::with_capacity(bytes.len());
    let written = match photo {
        Photo::Jpeg => jpeg(bytes)?.encoder().write_to(&mut published),
        Photo::Png => png(bytes)?.encoder().write_to(&mut published),
        Photo::WebP => webp(bytes)?.encoder().write_to(&mut published),
    };
    written.expect("writing to memory cannot fail");
    Ok(published)
}

fn jpeg(mut bytes: Bytes) -> Result<Jpeg, img_parts::Error> {
    if let Some(end) = end_of_first_image(&bytes) {
        bytes.truncate(end);
    }
    let mut jpeg = Jpeg::from_bytes(bytes)?;
    let orientation = orientation_only(jpeg.exif());
    // Every segment that is not metadata is image data or decoding tables.
    // Of the application segments, kept: JFIF (pixel density), the colour
    // profile (ICC_PROFILE, possibly in several segments) and Adobe's
    // (how to read the colours of a CMYK photo). EXIF and XMP (APP1),
    // the index of the images appended (MPF, APP2), IPTC (APP13) and any
    // other go, and so do comments.
    jpeg.segments_mut().retain(|segment| {
        let contents = segment.contents();
        match segment.marker() {
            markers::APP0 => contents.starts_with(b"JFIF\0"),
            markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
            markers::APP14 => contents.starts_with(b"Adobe"),
            markers::APP1..=markers::APP15 | markers::COM => false,
            _ => true,
        }
    });
    jpeg.set_exif(orientation);
    Ok(jpeg)
}

/// Where the first image of a JPEG ends, just after its EOI marker. Phones
/// append other images after it, each with its own metadata: previews
/// indexed by an MPF segment, depth and HDR gain maps, the video of a
/// "motion photo". The photo shown is the first; the rest goes. None when
/// the file ends before (a truncated photo keeps all it has).
///
/// img-parts keeps everything after the first scan as one opaque block,
/// so the markers are walked here (ITU T.81, B.1.1): segments carry their
/// length; inside entropy-coded data a 0xFF byte is followed by 0x00 (a
/// stuffed byte) or a restart marker, anything else is the next marker.
fn end_of_first_image(bytes: &[u8]) -> Option<usize> {
    let mut at = 2; // after SOI
    loop {
        if *bytes.get(at)? != markers::P {
            at += 1; // a stray byte between segments, as decoders allow
            continue;
        }
        // A marker may be preceded by any number of 0xFF fill bytes.
        while *bytes.get(at + 1)? == markers::P {
            at += 1;
        }
        let marker = bytes[at + 1];
        at += 2;
        match marker {
            markers::EOI => return Some(at),
            // The markers that carry a length, as img-parts reads them.
            markers::SOF0..=markers::SOF15 | markers::SOS..=markers::COM => {
                let length = u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]);
                at += usize::from(length);
                if marker == markers::SOS {
                    at = end_of_entropy(bytes, at)?;
                }
            }
            // TEM, restart markers and reserved ones stand alone.
            _ => {}
        }
    }
}

/// The position of the marker that ends the entropy-coded data from `at`.
fn end_of_entropy(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += bytes.get(at..)?.iter().position(|&b| b == markers::P)?;
        match *bytes.get(at + 1)? {
            markers::Z | markers::RST0..=markers::RST7 => at += 2,
            _ => return Some(at),
        }
    }
}

fn png(bytes: Bytes) -> Result<Png, img_parts::Error> {
    /// Ancillary chunks a viewer needs to draw the image as its author
    /// meant: transparency, colour (the ICC profile among them), HDR,
    /// physical size, animation (APNG). Text (tEXt, zTXt, iTXt, which also
    /// carries XMP), EXIF (eXIf), the time of the last change (tIME) and
    /// private chunks go.
    const DRAWING: [&[u8; 4]; 16] = [
        b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB", b"cICP", b"mDCV", b"cLLI", b"bKGD",
        b"hIST", b"pHYs", b"sPLT", b"acTL", b"fcTL", b"fdAT",
    ];
    let mut png = Png::from_bytes(bytes)?;
    let orientation = orientation_only(png.exif());
    png.chunks_mut().retain(|chunk| {
        let kind = chunk.kind();
        // A critical chunk (its name starts with a capital) is never
        // metadata: a viewer that does not know one cannot draw the image.
        kind[0].is_ascii_uppercase() || DRAWING.contains(&&kind)
    });
    png.set_exif(orientation);
    Ok(png)
}

fn webp(bytes: Bytes) -> Result<WebP, img_parts::Error> {
    use img_parts::riff::RiffContent;
    use img_parts::webp::{
        CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
    };
    /// The VP8X flag saying an XMP chunk follows.
    const XMP_FLAG: u8 = 0b0000_0100;
    let image = [
        CHUNK_VP8X, CHUNK_VP8, CHUNK_VP8L, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP,
    ];
    let mut webp = WebP::from_bytes(bytes)?;
    let orientation = orientation_only(webp.exif());
    webp.chunks_mut()
        .retain(|chunk| image.contains(&chunk.id()));
    // Updates the VP8X flags of the ICC profile and of EXIF, and drops
    // VP8X when a simple file will do; the XMP flag is left to us.
    webp.set_exif(orientation);
    if let Some(vp8x) = webp.chunks_mut().iter_mut().find(|c| c.id() == CHUNK_VP8X)
        && let RiffContent::Data(data) = vp8x.content_mut()
        && data.first().is_some_and(|flags| flags & XMP_FLAG != 0)
    {
        let mut cleared = data.to_vec();
        cleared[0] &= !XMP_FLAG;
        *data = Bytes::from(cleared);
    }
    Ok(webp)
}

/// An EXIF block holding the Orientation tag of `exif` and nothing else;
/// None when the photo is upright already (or says nothing).
///
/// Why the tag is kept rather than applied: applying it means decoding
/// the pixels, turning them and compressing them again, which loses
/// quality and changes every byte of the photo. A browser turns the photo
/// by the tag (CSS `image-orientation: from-image`, the default), so the
/// published copy shows exactly as the source does; the tag tells nothing
/// about anyone.
fn orientation_only(exif: Option<Bytes>) -> Option<Bytes> {
    let exif = exif::Reader::new()
        .continue_on_error(true)
        .read_raw(exif?.to_vec())
        .or_else(|e| e.distill_partial_result(|_| {}))
        .ok()?;
    let orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)?
        .value
        .get_uint(0)?;
    let orientation = u16::try_from(orientation)
        .ok()
        .filter(|o| (2..=8).contains(o))?;
    let field = Field {
        tag: Tag::Orientation,
        ifd_num: In::PRIMARY,
        value: Value::Short(vec![orientation]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&field);
    let mut block = std::io::Cursor::new(Vec::new());
    writer
        .write(&mut block, exif.little_endian())
        .expect("one Orientation field always encodes");
    Some(Bytes::from(block.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(published: Published) -> Vec<u8> {
        match published {
            Published::Whole(bytes) => bytes.to_vec(),
            Published::AsIs(mut rest) => {
                let mut bytes = Vec::new();
                rest.read_to_end(&mut bytes).unwrap();
                bytes
            }
        }
    }

    #[test]
    fn a_source_cited_again_is_read_once_more_then_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (cited, once) = (
            dir.path().join("attestation.pdf"),
            dir.path().join("seule.pdf"),
        );
        std::fs::write(&cited, b"%PDF attestation").unwrap();
        std::fs::write(&once, b"%PDF une fois").unwrap();
        let sources = Sources::default();
        let lang = Lang::default();
        // Read from the disk the first two times, kept from the second.
        for _ in 0..2 {
            assert_eq!(
                bytes_of(sources.open(&cited, lang).unwrap()),
                b"%PDF attestation"
            );
        }
        assert_eq!(
            bytes_of(sources.open(&once, lang).unwrap()),
            b"%PDF une fois"
        );
        std::fs::remove_file(&cited).unwrap();
        std::fs::remove_file(&once).unwrap();
        assert_eq!(
            bytes_of(sources.open(&cited, lang).unwrap()),
            b"%PDF attestation"
        );
        // A file asked for once was not kept: it is read again, and is gone.
        assert!(sources.open(&once, lang).is_err());
        // A large file is streamed, never kept.
        let large = dir.path().join("video.mp4");
        std::fs::write(&large, vec![7u8; 200 * 1024]).unwrap();
        for _ in 0..3 {
            assert!(matches!(
                sources.open(&large, lang).unwrap(),
                Published::AsIs(_)
            ));
        }
    }

    #[test]
    fn the_images_appended_to_a_jpeg_are_not_part_of_it() {
        // SOI, a COM segment holding an FF D9, a scan whose entropy holds
        // stuffed bytes, a restart marker and fill bytes, EOI; then a
        // second image.
        let first: &[u8] = &[
            0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0xFF, 0xD9, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF,
            0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF, 0xD9,
        ];
        let second: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xD9];
        assert_eq!(
            end_of_first_image(&[first, second].concat()),
            Some(first.len())
        );
        // Progressive: a table between two scans.
        let progressive: &[u8] = &[
            0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0xC4, 0x00, 0x03, 0xD9, 0xFF, 0xDA,
            0x00, 0x02, 0x34, 0xFF, 0xD9,
        ];
        assert_eq!(
            end_of_first_image(&[progressive, second].concat()),
            Some(progressive.len())
        );
        // Cut short: no end found, nothing cut.
        assert_eq!(end_of_first_image(&first[..first.len() - 2]), None);
    }

    /// A WebP made of these chunks.
    fn webp_of(chunks: &[([u8; 4], &[u8])]) -> Bytes {
        use img_parts::riff::{RiffChunk, RiffContent};
        let subchunks = chunks
            .iter()
            .map(|(id, data)| RiffChunk::new(*id, RiffContent::Data(Bytes::copy_from_slice(data))))
            .collect();
        let kind = Some(*b"WEBP");
        RiffChunk::new(*b"RIFF", RiffContent::List { kind, subchunks })
            .encoder()
            .bytes()
    }

    #[test]
    fn a_webp_keeps_its_image_its_colour_profile_and_its_orientation() {
        let gps = Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: Value::Rational(vec![(50, 1).into(), (37, 1).into(), (12, 1).into()]),
        };
        let turned = Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![6]),
        };
        let mut writer = exif::experimental::Writer::new();
        writer.push_field(&gps);
        writer.push_field(&turned);
        let mut exif = std::io::Cursor::new(Vec::new());
        writer.write(&mut exif, true).unwrap();
        let exif = exif.into_inner();
        // ICC, alpha, EXIF and XMP flags; a 24×12 canvas.
        let vp8x: &[u8] = &[0b0011_1100, 0, 0, 0, 23, 0, 0, 11, 0, 0];
        let source = webp_of(&[
            (*b"VP8X", vp8x),
            (*b"ICCP", b"profile"),
            (*b"VP8L", b"\x2fpixels"),
            (*b"EXIF", &exif),
            (*b"XMP ", b"<x:xmpmeta>Camille</x:xmpmeta>"),
            (*b"prVt", b"SN-4242"),
        ]);
        let published = without_metadata(Photo::WebP, source).unwrap();
        let webp = WebP::from_bytes(Bytes::from(published)).unwrap();
        let chunks: Vec<[u8; 4]> = webp.chunks().iter().map(|c| c.id()).collect();
        assert_eq!(chunks, [*b"VP8X", *b"ICCP", *b"VP8L", *b"EXIF"]);
        let data = |i: usize| webp.chunks()[i].content().data().unwrap().clone();
        assert_eq!(data(0)[0], 0b0011_1000, "XMP flag cleared, the others kept");
        assert_eq!(&data(2)[..], b"\x2fpixels");
        let kept = exif::Reader::new().read_raw(data(3).to_vec()).unwrap();
        let fields: Vec<_> = kept
            .fields()
            .map(|f| (f.tag, f.value.get_uint(0)))
            .collect();
        assert_eq!(fields, [(Tag::Orientation, Some(6))]);

        // Upright and without a profile, a simple file is enough.
        let source = webp_of(&[
            (*b"VP8X", vp8x),
            (*b"VP8L", b"\x2fpixels"),
            (*b"XMP ", b"<x:xmpmeta>Camille</x:xmpmeta>"),
        ]);
        let published = without_metadata(Photo::WebP, source).unwrap();
        assert_eq!(published, webp_of(&[(*b"VP8L", b"\x2fpixels")]));
    }

    #[test]
    fn photos_are_known_by_their_first_bytes() {
        assert_eq!(Photo::sniff(b"\xFF\xD8\xFF\xE0"), Some(Photo::Jpeg));
        assert_eq!(
            Photo::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0d"),
            Some(Photo::Png)
        );
        assert_eq!(Photo::sniff(b"RIFF\x10\0\0\0WEBP"), Some(Photo::WebP));
        assert_eq!(Photo::sniff(b"RIFF\x10\0\0\0WAVE"), None);
        assert_eq!(Photo::sniff(b"%PDF-1.4"), None);
        assert_eq!(Photo::sniff(b""), None);
    }
}
