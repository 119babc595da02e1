//! The recovery passport (A4 portrait), for the person to take out. Pure layout over `table`;
//! `passport_pdf` renders it.

use super::draw::{render, Fonts, Pictures};
use super::layout::{Measure, Page};
use super::table::Flow;
use crate::store::Passport;

pub const TITLE: &str = "Recovery passport";

/// The passport as PDF bytes with the bundled fonts.
pub fn passport_pdf(passport: &Passport) -> Vec<u8> {
    let fonts = Fonts::shared();
    let pages = passport_pages(passport, fonts);
    render(&pages, fonts, &format!("{TITLE}, {}", passport.name), &Pictures::default())
}

/// The passport's pages.
pub fn passport_pages(passport: &Passport, m: &dyn Measure) -> Vec<Page> {
    let _ = passport;
    Flow::new().finish(m, TITLE)
}
