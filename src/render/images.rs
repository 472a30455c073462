//! Thumbnails of evidence photos, made at build time so that a phone on a
//! slow line loads a few kilobytes per photo, not megabytes.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

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

/// Whether `name` is an image whose width and height its header tells
/// (what an `<img>` of the text gets, so that the page does not jump).
pub fn has_size(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// A JPEG thumbnail of an image file; None when it cannot be decoded (the
/// file is then listed as a document). The thumbnail is drawn anew from
/// the pixels, so it holds no metadata: none of the photo's is written
/// into it, and the encoder writes none of its own but JFIF's pixel
/// density. The photo's EXIF orientation is applied to the pixels, so that
/// a photo taken with the phone on its side shows upright.
pub fn thumbnail(photo: &[u8]) -> Option<Thumb> {
    use image::ImageDecoder;
    let mut decoder = image::ImageReader::new(Cursor::new(photo))
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

/// The thumbnails this process made, by the xxh3-128 of their photo's
/// bytes: `serve` builds the site again at every save, and decoding every
/// photo again took most of a rebuild of the example. Only those of the
/// last build are kept.
static MADE: Mutex<Option<HashMap<u128, Arc<Thumb>>>> = Mutex::new(None);

/// Thumbnails of every image evidence of apprentices who have pages, by
/// (apprentice slug, file name), made in parallel; a photo whose bytes a
/// thumbnail was made of earlier in this process is not decoded again.
pub fn thumbnails(site: &Site, site_root: &Path) -> BTreeMap<(String, String), Arc<Thumb>> {
    let mut wanted: Vec<(String, String)> = site
        .apprentices
        .iter()
        .filter(|a| a.visibility != Visibility::Private)
        .flat_map(|a| {
            a.entries.iter().flat_map(move |e| {
                e.evidence.iter().filter_map(move |ev| match &ev.value {
                    Evidence::File(name) if is_image(name) => {
                        Some((a.slug.to_string(), name.clone()))
                    }
                    _ => None,
                })
            })
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    let known = MADE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .unwrap_or_default();
    let made: Vec<((String, String), u128, Arc<Thumb>)> = wanted
        .into_par_iter()
        .filter_map(|(slug, name)| {
            let photo =
                std::fs::read(site_root.join("apprentices").join(&slug).join(&name)).ok()?;
            let hash = xxhash_rust::xxh3::xxh3_128(&photo);
            let thumb = match known.get(&hash) {
                Some(thumb) => Arc::clone(thumb),
                None => Arc::new(thumbnail(&photo)?),
            };
            Some(((slug, name), hash, thumb))
        })
        .collect();
    *MADE.lock().unwrap_or_else(PoisonError::into_inner) = Some(
        made.iter()
            .map(|(_, hash, thumb)| (*hash, Arc::clone(thumb)))
            .collect(),
    );
    made.into_iter()
        .map(|(which, _, thumb)| (which, thumb))
        .collect()
}
