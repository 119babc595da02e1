//! Pictures on a page: a logo the caseworker chose, normalised once when it is set, and the
//! pixels printpdf embeds.

use crate::error::{Error, Result};
use printpdf::{RawImage, RawImageData, RawImageFormat};

/// The longest side a stored logo keeps: sharp at 44 mm wide when printed (~460 dpi), and small.
pub const LOGO_MAX_PX: u32 = 800;
/// The largest file accepted as a logo before it is decoded.
pub const LOGO_MAX_BYTES: usize = 10 * 1024 * 1024;

/// A logo ready to store: PNG bytes and its size in pixels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalisedLogo {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks that `bytes` is a PNG or JPEG image and scales it down to at most [`LOGO_MAX_PX`] on
/// its longer side, keeping transparency.
pub fn normalise_logo(bytes: &[u8]) -> Result<NormalisedLogo> {
    normalise_picture("logo", bytes)
}

/// [`normalise_logo`] for any picture kept for printing (a signature image); errors name `field`.
pub fn normalise_picture(field: &str, bytes: &[u8]) -> Result<NormalisedLogo> {
    if bytes.is_empty() {
        return Err(Error::invalid(field, "the file is empty"));
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(Error::invalid(field, format!("the file is {} MB; choose one under 10 MB", bytes.len() / (1024 * 1024))));
    }
    let format = image::guess_format(bytes).map_err(|_| Error::invalid(field, "is not a PNG or JPEG image"))?;
    if !matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg) {
        return Err(Error::invalid(field, "is not a PNG or JPEG image"));
    }
    let img = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| Error::invalid(field, format!("the image could not be read ({e})")))?;
    let img = if img.width().max(img.height()) > LOGO_MAX_PX {
        img.resize(LOGO_MAX_PX, LOGO_MAX_PX, image::imageops::FilterType::Lanczos3)
    } else {
        img
    };
    let img = if img.color().has_alpha() {
        image::DynamicImage::ImageRgba8(img.to_rgba8())
    } else {
        image::DynamicImage::ImageRgb8(img.to_rgb8())
    };
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| Error::invalid(field, format!("the image could not be converted ({e})")))?;
    Ok(NormalisedLogo { png, width: img.width(), height: img.height() })
}

/// The pixels of a stored (normalised) logo, for embedding.
pub fn decode_logo(png: &[u8]) -> Result<RawImage> {
    let img = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .map_err(|e| Error::invalid("logo", format!("the stored logo is damaged ({e}); choose it again")))?;
    let (width, height) = (img.width() as usize, img.height() as usize);
    let (pixels, data_format) = if img.color().has_alpha() {
        (img.to_rgba8().into_raw(), RawImageFormat::RGBA8)
    } else {
        (img.to_rgb8().into_raw(), RawImageFormat::RGB8)
    };
    Ok(RawImage { pixels: RawImageData::U8(pixels), width, height, data_format, tag: Vec::new() })
}

/// A QR code's modules as a PDF inline image (`BI … ID … EI`) one bit per module, rows padded
/// to whole bytes, drawn into the unit square (the caller sets the transform). Dark modules are
/// 0 (black) in DeviceGray. The data is ASCII hex, so the operation is plain text.
pub fn inline_modules(width: usize, dark: &[bool]) -> String {
    use std::fmt::Write;
    let mut hex = String::with_capacity(width * width.div_ceil(8) * 2);
    for row in dark.chunks(width) {
        for byte in row.chunks(8) {
            let bits = byte.iter().enumerate().fold(0xffu8, |b, (i, &d)| if d { b & !(0x80 >> i) } else { b });
            let _ = write!(hex, "{bits:02X}");
        }
    }
    format!("BI /W {width} /H {width} /BPC 1 /CS /G /F /AHx ID {hex}> EI")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let img = if alpha {
            image::DynamicImage::ImageRgba8(image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 255) as u8, 40, 90, 128])))
        } else {
            image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])))
        };
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_large_logo_is_scaled_down_keeping_its_shape() {
        let logo = normalise_logo(&png(2000, 500, false)).unwrap();
        assert_eq!((logo.width, logo.height), (800, 200));
        let raw = decode_logo(&logo.png).unwrap();
        assert_eq!((raw.width, raw.height, raw.data_format), (800, 200, RawImageFormat::RGB8));
    }

    #[test]
    fn a_small_logo_keeps_its_size_and_transparency() {
        let logo = normalise_logo(&png(120, 60, true)).unwrap();
        assert_eq!((logo.width, logo.height), (120, 60));
        assert_eq!(decode_logo(&logo.png).unwrap().data_format, RawImageFormat::RGBA8);
    }

    #[test]
    fn qr_modules_are_one_bit_per_module_dark_as_black() {
        // 10 modules a row: two bytes, the last padded with light (1) bits.
        let mut dark = vec![false; 100];
        dark[0] = true; // top-left dark
        dark[9] = true; // last of the first row
        let op = inline_modules(10, &dark);
        let data = op.split(" ID ").nth(1).unwrap().trim_end_matches("> EI");
        assert_eq!(data.len(), 10 * 2 * 2);
        assert_eq!(&data[..4], "7FBF");
        assert!(data[4..].chars().collect::<Vec<_>>().chunks(4).all(|c| c.iter().collect::<String>() == "FFFF"));
        assert!(op.starts_with("BI /W 10 /H 10 /BPC 1 /CS /G /F /AHx ID "));
    }

    #[test]
    fn what_is_not_a_png_or_jpeg_is_refused_by_name() {
        for (bytes, problem) in [
            (&b""[..], "logo: the file is empty"),
            (&b"%PDF-1.7 not a picture"[..], "logo: is not a PNG or JPEG image"),
            (&b"GIF89a\x01\x00\x01\x00"[..], "logo: is not a PNG or JPEG image"),
        ] {
            assert_eq!(normalise_logo(bytes).unwrap_err().to_string(), problem);
        }
        let mut truncated = png(50, 50, false);
        truncated.truncate(60);
        assert!(normalise_logo(&truncated).unwrap_err().to_string().starts_with("logo: the image could not be read"));
    }
}
