//! The one heat-map palette, used by the SVG heat map and by the terminal's
//! shading of sweep grids: a yellow-green-blue scale, light to dark, that
//! stays ordered when printed in grey.

/// The scale's stops, lightest first (ColorBrewer's five-class YlGnBu).
pub const HEAT: [(u8, u8, u8); 5] = [
    (255, 255, 204),
    (161, 218, 180),
    (65, 182, 196),
    (44, 127, 184),
    (37, 52, 148),
];

/// The colour at `level`, 0 (lightest) to 1 (darkest), blended between the
/// two nearest stops; outside 0..1 the ends.
pub fn heat(level: f64) -> (u8, u8, u8) {
    let level = if level.is_nan() { 0.0 } else { level };
    let at = level.clamp(0.0, 1.0) * (HEAT.len() - 1) as f64;
    let i = (at.floor() as usize).min(HEAT.len() - 2);
    let f = at - i as f64;
    let (a, b) = (HEAT[i], HEAT[i + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// [`heat`] as `#rrggbb`.
pub fn heat_hex(level: f64) -> String {
    let (r, g, b) = heat(level);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Whether text on the colour at `level` is written white (else black).
pub fn heat_is_dark(level: f64) -> bool {
    level > 0.55
}

/// The stop nearest `level` as the nearest colour of the 256-colour
/// terminal palette (its 6 × 6 × 6 cube and 24 greys), for terminals that
/// show 256 colours but not 24-bit ones.
pub fn heat_ansi256(level: f64) -> u8 {
    let level = if level.is_nan() { 0.0 } else { level };
    let step = (level.clamp(0.0, 1.0) * (HEAT.len() - 1) as f64).round() as usize;
    nearest_ansi256(HEAT[step])
}

/// The channel values of the 256-colour cube.
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

fn nearest_ansi256((r, g, b): (u8, u8, u8)) -> u8 {
    let distance = |(p, q, s): (u8, u8, u8)| {
        let d = |x: u8, y: u8| (i32::from(x) - i32::from(y)).pow(2);
        d(p, r) + d(q, g) + d(s, b)
    };
    // The cube's nearest point is the nearest level on each channel.
    let level = |x: u8| {
        (0..CUBE.len())
            .min_by_key(|&i| (i32::from(CUBE[i]) - i32::from(x)).abs())
            .unwrap_or(0)
    };
    let (i, j, k) = (level(r), level(g), level(b));
    let cube = (16 + 36 * i + 6 * j + k) as u8;
    let cube_distance = distance((CUBE[i], CUBE[j], CUBE[k]));
    let grey = (0..24u8)
        .min_by_key(|&n| distance((8 + 10 * n, 8 + 10 * n, 8 + 10 * n)))
        .unwrap_or(0);
    let grey_distance = distance((8 + 10 * grey, 8 + 10 * grey, 8 + 10 * grey));
    if grey_distance < cube_distance {
        232 + grey
    } else {
        cube
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_runs_light_to_dark() {
        assert_eq!(heat_hex(0.0), "#ffffcc");
        assert_eq!(heat_hex(1.0), "#253494");
        assert_eq!(heat_hex(2.0), "#253494");
        // Halfway between the first two stops: (255 + 161) / 2 = 208,
        // (255 + 218) / 2 = 236.5 → 237, (204 + 180) / 2 = 192.
        assert_eq!(heat(0.125), (208, 237, 192));
    }

    #[test]
    fn the_terminal_gets_the_nearest_cube_colours() {
        // Each stop, channel by channel to the nearest cube level
        // (0, 95, 135, 175, 215, 255), then 16 + 36 r + 6 g + b:
        // (255, 255, 204) → (5, 5, 4) = 230; (161, 218, 180) → (3, 4, 3) =
        // 151; (65, 182, 196) → (1, 3, 4) = 74; (44, 127, 184) → (0, 2, 3)
        // = 31; (37, 52, 148) → (0, 1, 2) = 24.
        let steps: Vec<u8> = [0.0, 0.25, 0.5, 0.75, 1.0]
            .into_iter()
            .map(heat_ansi256)
            .collect();
        assert_eq!(steps, [230, 151, 74, 31, 24]);
        // A grey is nearer a grey of the palette than the cube.
        assert_eq!(nearest_ansi256((128, 128, 128)), 244);
    }
}
