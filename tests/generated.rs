//! Fixtures made in code rather than committed: a daily-attack CSV as long
//! as the real one, in its shape (shared with `benches/sweep.rs`).

use magdepth::date::Date;

/// Models of each row of a night: two ballistic, one cruise, one drone.
const MODELS: [&str; 4] = ["Iskander-M", "KN-23", "X-101/X-555", "Shahed-136/131"];

/// A CSV of `nights` nights from 2022-10-01, four rows a night, with
/// launch counts from a fixed pseudo-random sequence, and the ballistic
/// missiles of each night (what `category: ballistic` replays).
pub fn attacks_csv(nights: usize) -> (String, Vec<u64>) {
    let first = Date::parse("2022-10-01").expect("a date");
    let mut text =
        String::from("time_start,time_end,model,launch_place,target,launched,destroyed,source\n");
    let mut ballistic = Vec::with_capacity(nights);
    // A linear congruential sequence (Knuth's MMIX constants): the same
    // counts on every run.
    let mut state: u64 = 1;
    let mut next = |most: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % (most + 1)
    };
    for night in 0..nights {
        let end = first.add_days(night as i64).expect("a date");
        let start = first.add_days(night as i64 - 1).expect("a date");
        let mut tonight = 0;
        for (i, model) in MODELS.iter().enumerate() {
            let launched = next(if i == 3 { 120 } else { 6 });
            if i < 2 {
                tonight += launched;
            }
            let destroyed = launched * 3 / 4;
            text.push_str(&format!(
                "{start} 18:00,{end} 07:00,{model},\"Kursk oblast, Bryansk oblast\",Ukraine,{launched}.0,{destroyed}.0,bulletin-{night}\n"
            ));
        }
        ballistic.push(tonight);
    }
    (text, ballistic)
}
