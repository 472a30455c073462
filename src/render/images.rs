//! Thumbnails of evidence photos, made at build time so that a phone on a
//! slow line loads a few kilobytes per photo, not megabytes.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use rayon::prelude::*;

use crate::model::{Evidence, Site, Visibility};

/// The longest side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 320;

#[derive(Clone, Debug)]
pub struct Thumb {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Whether a file name looks like a photo we can make a thumbnail of.
pub fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A JPEG thumbnail of an image file; None when it cannot be decoded (the
/// file is then listed as a document). The thumbnail is drawn anew from
/// the pixels, so it holds no metadata: none of the photo's is written
/// into it, and the encoder writes none of its own but JFIF's pixel
/// density. The photo's EXIF orientation is applied to the pixels, so that
/// a photo taken with the phone on its side shows upright.
pub fn thumbnail(path: &Path) -> Option<Thumb> {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::open(path)
        .ok()?
        .with_guessed_format()
        .ok()?
        .into_decoder()
        .ok()?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder).ok()?;
    image.apply_orientation(orientation);
    let small = if image.width() > THUMBNAIL_SIZE || image.height() > THUMBNAIL_SIZE {
        image.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE)
    } else {
        image
    };
    let rgb = small.to_rgb8();
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(Cursor::new(&mut bytes), 72);
    rgb.write_with_encoder(encoder).ok()?;
    Some(Thumb {
        width: rgb.width(),
        height: rgb.height(),
        bytes,
    })
}

/// Thumbnails of every image evidence of apprentices who have pages, by
/// (apprentice slug, file name), made in parallel.
pub fn thumbnails(site: &Site, site_root: &Path) -> BTreeMap<(String, String), Thumb> {
    let mut wanted: Vec<(String, String)> = site
        .apprentices
        .iter()
        .filter(|a| a.visibility != Visibility::Private)
        .flat_map(|a| {
            a.entries.iter().flat_map(move |e| {
                e.evidence.iter().filter_map(move |ev| match &ev.value {
                    Evidence::File(name) if is_image(name) => Some((a.slug.clone(), name.clone())),
                    _ => None,
                })
            })
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    wanted
        .into_par_iter()
        .filter_map(|(slug, name)| {
            let thumb = thumbnail(&site_root.join("apprentices").join(&slug).join(&name))?;
            Some(((slug, name), thumb))
        })
        .collect()
}
