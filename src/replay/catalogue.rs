//! Weapon models and their categories.
//!
//! The built-in table covers every model in the Air Force daily-attack data
//! (checked against its weapons catalogue), in four categories:
//!
//! - `ballistic`: Iskander-M, KN-23, Kinzhal, the unnamed ballistic entries,
//!   and the S-300/S-400 (written C-300/C-400 in the data): surface-to-air
//!   missiles fired at ground targets on a ballistic path, which the
//!   catalogue files under "surface-to-air" and air defence meets as
//!   ballistic threats;
//! - `cruise`: Kh-101/Kh-555, Kalibr, Iskander-K, Kh-22, Kh-32, Kh-59/Kh-69,
//!   Kh-31, Kh-35, Oniks, Zircon, Banderol and "Unknown Missile" (as the
//!   catalogue files it);
//! - `drones`: Shahed and every other UAV (Lancet, Molniya, Orlan, ZALA, …);
//! - `guided_bombs`: GBU and "Aerial Bomb".
//!
//! Names match loosely: case and spacing do not matter, `Kh-` is the same as
//! the data's `X-` (Cyrillic Х), and `S-300`/`S-400` the same as `C-300`/
//! `C-400`. A name such as `Iskander-M/KN-23` means "one or the other": it
//! is looked up whole, and matches a listed model that shares an alternative
//! with it. An entry naming several models joined by ` and ` (a combined
//! entry, e.g. "C-400 and Iskander-M") is split into its parts.
//! Models the table does not know (e.g. `Фенікс`) are unknown until a
//! scenario's `categories:` (or `fit --map`) names their category; those
//! overrides also re-file known models.

/// Built-in model → category, names as the data writes them.
pub const BUILT_IN: &[(&str, &str)] = &[
    // Ballistic.
    ("Iskander-M", "ballistic"),
    ("KN-23", "ballistic"),
    ("Iskander-M/KN-23", "ballistic"),
    ("X-47 Kinzhal", "ballistic"),
    ("Ballistic Missile", "ballistic"),
    ("Unknown Ballistic Missile", "ballistic"),
    ("Intercontinental Ballistic Missile", "ballistic"),
    ("C-300", "ballistic"),
    ("C-400", "ballistic"),
    ("C-300/C-400", "ballistic"),
    // Cruise.
    ("X-101/X-555", "cruise"),
    ("Kalibr", "cruise"),
    ("Iskander-K", "cruise"),
    ("X-22", "cruise"),
    ("X-32", "cruise"),
    ("X-59", "cruise"),
    ("X-69", "cruise"),
    ("X-59/X-69", "cruise"),
    ("X-59MK2", "cruise"),
    ("X-31", "cruise"),
    ("X-31P", "cruise"),
    ("X-31PD", "cruise"),
    ("X-35", "cruise"),
    ("P-800 Oniks", "cruise"),
    ("3M22 Zircon", "cruise"),
    ("Banderol", "cruise"),
    ("Unknown Missile", "cruise"),
    // Drones.
    ("Shahed-136/131", "drones"),
    ("Unknown UAV", "drones"),
    ("Reconnaissance UAV", "drones"),
    ("Lancet", "drones"),
    ("Молнія", "drones"),
    ("Kub", "drones"),
    ("Orlan-10", "drones"),
    ("Orlan-30", "drones"),
    ("Supercam", "drones"),
    ("ZALA", "drones"),
    ("Merlin-VR", "drones"),
    ("Eleron", "drones"),
    ("Granat-4", "drones"),
    ("Forpost", "drones"),
    ("Orion", "drones"),
    ("Mohajer-6", "drones"),
    // Guided and other bombs.
    ("GBU", "guided_bombs"),
    ("Aerial Bomb", "guided_bombs"),
];

/// Other names people write for models in the table.
const ALIASES: &[(&str, &str)] = &[
    ("Kinzhal", "X-47 Kinzhal"),
    ("X-47", "X-47 Kinzhal"),
    ("X-47M2", "X-47 Kinzhal"),
    ("X-47M2 Kinzhal", "X-47 Kinzhal"),
    ("Shahed", "Shahed-136/131"),
    ("Geran-2", "Shahed-136/131"),
    ("Zircon", "3M22 Zircon"),
    ("Oniks", "P-800 Oniks"),
    ("Molniya", "Молнія"),
];

/// The built-in categories.
pub const CATEGORIES: &[&str] = &["ballistic", "cruise", "drones", "guided_bombs"];

/// A name in comparable form: lower case, single spaces, `kh-` as `x-` and
/// `s-300`/`s-400` as `c-300`/`c-400` in each `/` alternative, and aliases
/// resolved.
pub fn normalise(name: &str) -> String {
    let simple = simplify(name);
    for (alias, model) in ALIASES {
        if simplify(alias) == simple {
            return simplify(model);
        }
    }
    simple
}

fn simplify(name: &str) -> String {
    let lower = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    lower
        .split('/')
        .map(|alt| {
            let alt = alt.trim();
            if let Some(rest) = alt.strip_prefix("kh-").or_else(|| alt.strip_prefix("х-")) {
                format!("x-{rest}")
            } else if let Some(rest) = alt.strip_prefix("s-").or_else(|| alt.strip_prefix("с-"))
                && (rest.starts_with("300") || rest.starts_with("400"))
            {
                format!("c-{rest}")
            } else {
                alt.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The models a `model` cell names: split at ` and `, trimmed, empty parts
/// dropped.
pub fn parts(model: &str) -> Vec<&str> {
    model
        .split(" and ")
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

/// Whether two (normalised) names share a `/` alternative: `x-101/x-555`
/// and `x-101` do.
pub fn shares_alternative(a: &str, b: &str) -> bool {
    a == b || a.split('/').any(|x| b.split('/').any(|y| x == y))
}

/// The built-in table with a scenario's overrides on top.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    /// Normalised model → category, later entries winning.
    overrides: Vec<(String, String)>,
}

impl Catalogue {
    /// Files `model` under `category` (a new category name is fine).
    pub fn set(&mut self, model: &str, category: &str) {
        self.overrides
            .push((normalise(model), category.trim().to_lowercase()));
    }

    /// The category of one part of a `model` cell, if known: the override
    /// or built-in entry for the whole name, else (for `A/B`) the category
    /// all of its alternatives share.
    pub fn category_of(&self, part: &str) -> Option<String> {
        let name = normalise(part);
        let lookup = |name: &str| -> Option<String> {
            if let Some((_, category)) = self.overrides.iter().rev().find(|(m, _)| m == name) {
                return Some(category.clone());
            }
            BUILT_IN
                .iter()
                .find(|(m, _)| simplify(m) == name)
                .map(|(_, category)| (*category).to_string())
        };
        if let Some(category) = lookup(&name) {
            return Some(category);
        }
        let mut alternatives = name.split('/').map(|alt| lookup(alt.trim()));
        let first = alternatives.next()??;
        alternatives
            .all(|c| c.as_deref() == Some(first.as_str()))
            .then_some(first)
    }

    /// Every category name: the built-in ones and any the overrides add.
    pub fn categories(&self) -> Vec<String> {
        let mut names: Vec<String> = CATEGORIES.iter().map(|c| c.to_string()).collect();
        for (_, category) in &self.overrides {
            if !names.contains(category) {
                names.push(category.clone());
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_loosely() {
        let catalogue = Catalogue::default();
        assert_eq!(catalogue.category_of("Kh-22").as_deref(), Some("cruise"));
        assert_eq!(catalogue.category_of("S-400").as_deref(), Some("ballistic"));
        assert_eq!(
            catalogue.category_of("  iskander-m ").as_deref(),
            Some("ballistic")
        );
        assert_eq!(
            catalogue.category_of("Kinzhal").as_deref(),
            Some("ballistic")
        );
        assert_eq!(
            catalogue.category_of("Kh-101/Kh-555").as_deref(),
            Some("cruise")
        );
        // Not in the table whole, but both alternatives are cruise.
        assert_eq!(
            catalogue.category_of("X-22/X-32").as_deref(),
            Some("cruise")
        );
        // Alternatives in different categories: unknown.
        assert_eq!(catalogue.category_of("Iskander-M/Iskander-K"), None);
        assert_eq!(catalogue.category_of("Фенікс"), None);
    }

    #[test]
    fn overrides_win_and_add_categories() {
        let mut catalogue = Catalogue::default();
        catalogue.set("Kh-22", "anti_ship");
        catalogue.set("Фенікс", "drones");
        assert_eq!(catalogue.category_of("X-22").as_deref(), Some("anti_ship"));
        assert_eq!(catalogue.category_of("Фенікс").as_deref(), Some("drones"));
        assert!(catalogue.categories().contains(&"anti_ship".to_string()));
    }

    #[test]
    fn combined_entries_split_at_and() {
        assert_eq!(parts("C-400 and Iskander-M"), ["C-400", "Iskander-M"]);
        assert_eq!(parts("Iskander-M/KN-23"), ["Iskander-M/KN-23"]);
        assert!(shares_alternative("iskander-m/kn-23", "kn-23"));
        assert!(!shares_alternative("iskander-m", "iskander-k"));
    }
}
