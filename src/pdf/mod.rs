//! PDFs: a pure layout step (`layout`, `certificate`) and a drawing step (printpdf) that only
//! renders what the layout decided.

pub mod certificate;
pub mod draw;
pub mod layout;
pub mod picture;

pub use draw::{render, Fonts, Pictures};
