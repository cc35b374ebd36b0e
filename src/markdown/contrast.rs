//! Colours of highlighted code made readable: every foreground of a syntect theme is moved
//! towards black (on light pages) or white (on dark ones) until it reaches WCAG's 4.5:1
//! contrast against every background code text sits on in the default theme: the code
//! block's own and each annotation kind's mark, since a mark may lie inside code.
//!
//! syntect's bundled themes were drawn for editors, several with colours under 4.5:1 on our
//! code background (InspiredGitHub's constants, 3.7:1; Base16 Eighties' comments, 3.6:1).

use syntect::highlighting::{Color, Theme};

/// Which of the page's colour schemes a theme is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Light pages: dark text.
    Light,
    /// Dark pages (`prefers-color-scheme: dark`): light text.
    Dark,
}

impl Scheme {
    /// The backgrounds code text sits on in the default theme's `style.css` in this scheme:
    /// `--bg-soft` (the code block), then `--quote-bg`, `--claim-bg`, `--note-bg` and
    /// `--event-bg` (marks). A test checks them against `style.css`.
    pub fn backgrounds(self) -> [[u8; 3]; 5] {
        match self {
            Scheme::Light => [
                [0xf4, 0xf3, 0xef],
                [0xfb, 0xf1, 0xc7],
                [0xe3, 0xee, 0xfb],
                [0xe4, 0xf3, 0xe6],
                [0xf1, 0xe6, 0xf7],
            ],
            Scheme::Dark => [
                [0x1f, 0x1f, 0x1d],
                [0x3d, 0x34, 0x16],
                [0x1c, 0x2e, 0x47],
                [0x1d, 0x36, 0x22],
                [0x35, 0x23, 0x3f],
            ],
        }
    }
}

/// The contrast every code colour reaches: WCAG 2's 4.5:1 for normal text, with a margin
/// for the rounding of browsers and checkers.
const MIN_CONTRAST: f64 = 4.6;

/// `theme` with every foreground readable in `scheme` and no background of its own on any
/// scope (the page's code and mark backgrounds show instead).
pub fn readable(mut theme: Theme, scheme: Scheme) -> Theme {
    let backgrounds = scheme.backgrounds();
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = adjusted(*fg, scheme, &backgrounds);
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = adjusted(*fg, scheme, &backgrounds);
        }
        item.style.background = None;
    }
    theme
}

/// `color`, opaque, mixed with black (light) or white (dark) in steps until it reaches
/// [`MIN_CONTRAST`] against every background.
fn adjusted(color: Color, scheme: Scheme, backgrounds: &[[u8; 3]]) -> Color {
    let target = match scheme {
        Scheme::Light => 0.0,
        Scheme::Dark => 255.0,
    };
    let base = [color.r, color.g, color.b].map(f64::from);
    // 20 steps of 5% reach black or white, whose contrast with these backgrounds passes.
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        let mixed = base.map(|c| (c + (target - c) * t).round().clamp(0.0, 255.0) as u8);
        let worst = backgrounds
            .iter()
            .map(|bg| contrast(mixed, *bg))
            .fold(f64::INFINITY, f64::min);
        if worst >= MIN_CONTRAST {
            return Color {
                r: mixed[0],
                g: mixed[1],
                b: mixed[2],
                a: 0xff,
            };
        }
    }
    let end = target as u8;
    Color {
        r: end,
        g: end,
        b: end,
        a: 0xff,
    }
}

/// WCAG 2's contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(rgb: [u8; 3]) -> f64 {
    let [r, g, b] = rgb.map(|c| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

#[cfg(test)]
mod tests {
    use super::*;
    use syntect::highlighting::ThemeSet;

    /// The value of the CSS variable `name` in the block of `css` starting at `from`.
    fn variable(css: &str, from: usize, name: &str) -> [u8; 3] {
        let rest = &css[from..];
        let at = rest
            .find(&format!("{name}:"))
            .expect("variable in style.css");
        let hex = rest[at..].split('#').nth(1).expect("a #rrggbb value");
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex");
        [channel(0), channel(2), channel(4)]
    }

    #[test]
    fn backgrounds_are_those_of_the_default_theme() {
        let css = include_str!("../../themes/default/static/style.css");
        let dark = css
            .find("prefers-color-scheme: dark")
            .expect("a dark block");
        let names = [
            "--bg-soft",
            "--quote-bg",
            "--claim-bg",
            "--note-bg",
            "--event-bg",
        ];
        for (scheme, from) in [(Scheme::Light, 0), (Scheme::Dark, dark)] {
            let expected: Vec<[u8; 3]> = names.iter().map(|n| variable(css, from, n)).collect();
            assert_eq!(scheme.backgrounds().to_vec(), expected, "{scheme:?}");
        }
    }

    #[test]
    fn every_bundled_theme_becomes_readable_in_both_schemes() {
        for (name, theme) in ThemeSet::load_defaults().themes {
            for scheme in [Scheme::Light, Scheme::Dark] {
                let theme = readable(theme.clone(), scheme);
                for item in &theme.scopes {
                    assert!(item.style.background.is_none());
                    if let Some(fg) = item.style.foreground {
                        for bg in scheme.backgrounds() {
                            let c = contrast([fg.r, fg.g, fg.b], bg);
                            assert!(c >= 4.5, "{name} {scheme:?}: {fg:?} on {bg:?} is {c:.2}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn readable_colours_are_left_as_they_are() {
        let black = Color {
            r: 0,
            g: 0,
            b: 0,
            a: 0xff,
        };
        let light = Scheme::Light.backgrounds();
        assert_eq!(adjusted(black, Scheme::Light, &light), black);
        // InspiredGitHub's constant blue is darkened, not replaced.
        let blue = Color {
            r: 0x00,
            g: 0x86,
            b: 0xb3,
            a: 0xff,
        };
        let fixed = adjusted(blue, Scheme::Light, &light);
        assert!(fixed.b > fixed.r && fixed != blue, "{fixed:?}");
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
    }
}
