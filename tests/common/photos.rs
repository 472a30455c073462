//! Photos made for the tests, as a phone would write them: a few pixels,
//! and metadata that gives their author away (GPS position, owner, camera
//! serial number) in every place a photo can hold it.

use exif::{Field, In, Tag, Value};
use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::{Png, PngChunk};
use img_parts::{Bytes, ImageEXIF, ImageICC};

/// Words of the metadata below: none may be found in a published photo.
pub const SECRETS: [&str; 6] = [
    "Camille Durand",
    "SN-4242-XYZ",
    "PhoneMaker",
    "xmpmeta",
    "Photoshop 3.0",
    "Atelier rue des Lilas",
];

/// A colour profile, kept in published photos. Not a real one: decoders
/// carry it, none of ours interprets it.
pub const ICC: &[u8] = b"a colour profile, kept as it is";

/// A 24×12 image, every pixel different: an orientation applied or a
/// pixel changed shows.
pub fn pixels() -> image::RgbImage {
    image::RgbImage::from_fn(24, 12, |x, y| {
        image::Rgb([(x * 10) as u8, (y * 20) as u8, ((x + y) * 5) as u8])
    })
}

/// An EXIF block: camera, owner, serial number, the GPS position when
/// `gps`, and `orientation` (1 is upright).
pub fn exif_block(gps: bool, orientation: u16) -> Vec<u8> {
    let ascii = |text: &str| Value::Ascii(vec![text.as_bytes().to_vec()]);
    let rational =
        |parts: [u32; 3]| Value::Rational(parts.iter().map(|&n| (n, 1).into()).collect::<Vec<_>>());
    let field = |tag, value| Field {
        tag,
        ifd_num: In::PRIMARY,
        value,
    };
    let mut fields = vec![
        field(Tag::Make, ascii("PhoneMaker")),
        field(Tag::Artist, ascii("Camille Durand")),
        field(Tag::BodySerialNumber, ascii("SN-4242-XYZ")),
        field(Tag::Orientation, Value::Short(vec![orientation])),
    ];
    if gps {
        fields.extend([
            field(Tag::GPSLatitudeRef, ascii("N")),
            field(Tag::GPSLatitude, rational([50, 37, 12])),
            field(Tag::GPSLongitudeRef, ascii("E")),
            field(Tag::GPSLongitude, rational([3, 3, 45])),
        ]);
    }
    let mut writer = exif::experimental::Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut block = std::io::Cursor::new(Vec::new());
    writer.write(&mut block, false).unwrap();
    block.into_inner()
}

fn jpeg_of(image: &image::RgbImage) -> Jpeg {
    let mut bytes = Vec::new();
    image
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut bytes, 90,
        ))
        .unwrap();
    Jpeg::from_bytes(Bytes::from(bytes)).unwrap()
}

/// A JPEG photo of [`pixels`] with EXIF (see [`exif_block`]), XMP, IPTC,
/// a comment, a colour profile, and a second image appended after it
/// with its own EXIF, as phones append previews and depth maps.
pub fn jpeg(gps: bool, orientation: u16) -> Vec<u8> {
    jpeg_with(&pixels(), gps, orientation)
}

/// [`jpeg`] of other pixels.
pub fn jpeg_with(pixels: &image::RgbImage, gps: bool, orientation: u16) -> Vec<u8> {
    let mut jpeg = jpeg_of(pixels);
    jpeg.set_icc_profile(Some(Bytes::from_static(ICC)));
    jpeg.set_exif(Some(exif_block(gps, orientation).into()));
    let segment = |marker, contents: &[u8]| {
        JpegSegment::new_with_contents(marker, Bytes::copy_from_slice(contents))
    };
    let at = jpeg.segments().len() - 1; // before the scan
    jpeg.segments_mut().splice(
        at..at,
        [
            segment(
                markers::APP1,
                b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Camille Durand</dc:creator></x:xmpmeta>",
            ),
            segment(markers::APP13, b"Photoshop 3.0\08BIM\x04\x04 Atelier rue des Lilas"),
            segment(markers::COM, b"Atelier rue des Lilas"),
        ],
    );
    let mut appended = jpeg_of(&image::RgbImage::new(2, 2));
    appended.set_exif(Some(exif_block(gps, 1).into()));
    let mut bytes = jpeg.encoder().bytes().to_vec();
    bytes.extend_from_slice(&appended.encoder().bytes());
    bytes
}

/// A PNG of [`pixels`] with an eXIf chunk, text chunks (an author, XMP),
/// the time of its last change, and a colour profile.
pub fn png(gps: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    pixels()
        .write_with_encoder(image::codecs::png::PngEncoder::new(&mut bytes))
        .unwrap();
    let mut png = Png::from_bytes(Bytes::from(bytes)).unwrap();
    png.set_icc_profile(Some(Bytes::from_static(ICC)));
    png.set_exif(Some(exif_block(gps, 1).into()));
    let chunk =
        |kind: &[u8; 4], contents: &[u8]| PngChunk::new(*kind, Bytes::copy_from_slice(contents));
    png.chunks_mut().splice(
        1..1,
        [
            chunk(b"tEXt", b"Author\0Camille Durand"),
            chunk(
                b"iTXt",
                b"XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta>Atelier rue des Lilas</x:xmpmeta>",
            ),
            chunk(b"tIME", b"\x07\xea\x09\x01\x0c\x00\x00"),
            chunk(b"prVt", b"SN-4242-XYZ"),
        ],
    );
    png.encoder().bytes().to_vec()
}

/// The EXIF fields of an image, each a tag and its value; empty when it
/// has none.
pub fn exif_fields(bytes: &[u8]) -> Vec<(Tag, String)> {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .map(|exif| {
            exif.fields()
                .map(|f| (f.tag, format!("{:?}", f.value)))
                .collect()
        })
        .unwrap_or_default()
}

/// The colour profile of a JPEG, PNG or WebP image.
pub fn icc(bytes: &[u8]) -> Option<Bytes> {
    img_parts::DynImage::from_bytes(Bytes::copy_from_slice(bytes))
        .ok()??
        .icc_profile()
}

/// The markers of a JPEG's segments, up to its first scan.
pub fn jpeg_markers(bytes: &[u8]) -> Vec<u8> {
    Jpeg::from_bytes(Bytes::copy_from_slice(bytes))
        .unwrap()
        .segments()
        .iter()
        .map(JpegSegment::marker)
        .collect()
}

/// The pixels of an image, decoded as stored (no orientation applied).
pub fn decoded(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).unwrap().to_rgba8()
}

/// The secrets of [`SECRETS`] found in `bytes`.
pub fn secrets_in(bytes: &[u8]) -> Vec<&'static str> {
    SECRETS
        .into_iter()
        .filter(|secret| {
            bytes
                .windows(secret.len())
                .any(|window| window == secret.as_bytes())
        })
        .collect()
}
