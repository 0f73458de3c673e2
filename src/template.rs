//! Scenario templates for `magdepth new`: every key present or commented,
//! each explained in one line, valid as written.

/// The short form: one interceptor type, one threat.
pub const SHORT: &str = r#"# yaml-language-server: $schema=scenario.schema.json
# (write the schema beside this file with: magdepth schema > scenario.schema.json)
# A magdepth scenario (short form). Every key is explained; commented keys
# are optional. Run it with: magdepth run THIS_FILE
name: New scenario                 # shown in tables; defaults to the file name
description: >                     # free text, carried into reports
  What this scenario asks, and why these figures.
start_date: 2025-07-10             # optional: night 1 falls on this date
horizon_nights: 90                 # nights to simulate (1 to 100000; default 365)
stockpile: 100                     # interceptors on hand before night 1
# stockpile: { between: [80, 120], source: "Illustrative" }
                                   # a range instead: drawn once per Monte Carlo trial,
                                   # uniform (or { triangular: [80, 100, 120] }: low, likely, high)
interceptors_per_kill: 2           # interceptors fired at each engaged missile
missiles_per_night: { value: 12, source: "AFP, 10 July 2025: up to a dozen a night" }
                                   # any number may cite its source like this; the raid is
                                   # a number; a repeating list [0, 0, 12];
                                   # { poisson: 12 }; { negative_binomial: { mean: 12, dispersion: 3 } };
                                   # or { choice: [6, 12, 18] }
# raid_probability: 1              # chance that a night has a raid at all (0 to 1)
# pk: 0.7                          # single-shot kill probability; without it kills are certain
# doctrine: salvo                  # salvo (all at once) or shoot-look-shoot
# kill_assessment: 1               # chance that a miss is seen as a miss (shoot-look-shoot)
# reliability: 1                   # chance that an engagement has no common-mode failure
# lost_to_ew: 0.2                  # share defeated by electronic warfare before engagement
# arsenal:                         # the attacker's stock; without it the raids never run short
#   on_hand: 600                   # missiles on hand before night 1
#   production: [{ per_month: 65 }]  # made at a rate (the keys of production below)
#   max_per_night: 100             # launch capacity (default unlimited)
#   tactic: steady                 # the planned raid as far as stock allows, or { mass_when: 40 }
deliveries:                        # optional: interceptors that arrive before a night's raid
  - { night: 3, count: 10 }                          # once (or date: 2025-07-12)
  # - { every_nights: 30, count: 50, first_night: 30, last_night: 300 }  # recurring
# production:                      # optional: made at a rate, delivered as whole interceptors
#   - { per_month: 20, from: 2026-01-01, lead_time_nights: 0 }
# extends: base.yaml               # optional: a base scenario this one overrides
sources:                           # citations for the figures
  - "Source, date: what it says"
"#;

/// The long form: named interceptor types and threats.
pub const LONG: &str = r#"# yaml-language-server: $schema=scenario.schema.json
# (write the schema beside this file with: magdepth schema > scenario.schema.json)
# A magdepth scenario (long form). Every key is explained; commented keys
# are optional. Run it with: magdepth run THIS_FILE
name: New mixed scenario           # shown in tables; defaults to the file name
description: >                     # free text, carried into reports
  What this scenario asks, and why these figures.
start_date: 2025-07-10             # optional: night 1 falls on this date
horizon_nights: 120                # nights to simulate (1 to 100000; default 365)
interceptors:                      # interceptor types, by name
  pac3-mse:
    stockpile: 60                  # on hand before night 1
    # stockpile: { triangular: [40, 60, 90] }  # a range instead (low, likely, high), drawn
                                   # once per Monte Carlo trial; or { between: [40, 90] }
    pk: { value: 0.8, source: "Illustrative" }  # any number may cite its source
                                   # single-shot kill probability (default 1: certain)
    # doctrine: salvo              # salvo or shoot-look-shoot
    # kill_assessment: 1           # chance that a miss is seen as a miss
    # reliability: 1               # chance of no common-mode failure
    unit_cost: 4.2e6               # cost of one interceptor (optional)
    # engagements_per_night: 8     # fire capacity: missiles engaged a night, or:
    # launchers: 4                 #   launchers ...
    # rounds_per_launcher: 4       #   ... times rounds ready on each ...
    # reload_nights: 1             #   ... back after this many nights
    # reserve: 20                  # kept for the highest-priority threat only
    # ration: { below: 30, interceptors_per_kill: 1 }  # fire fewer per kill when low
  nasams:
    stockpile: 120
    pk: 0.7
    unit_cost: 1.0e6
threats:                           # threat classes, by name, engaged in this order
  ballistic:
    missiles_per_night: 8          # any raid form of the short form
    # raid_probability: 1          # chance that a night has a raid
    engaged_by: [pac3-mse]         # types that may engage it, most preferred first
    interceptors_per_kill: 2       # or per type: { pac3-mse: 2 }
    # pk: 0.8                      # overrides the types' pk for this threat
    # priority: 1                  # engaged first (default: the order listed)
    unit_cost: 3.0e6               # cost of one missile (optional)
    # lost_to_ew: 0.1              # share defeated by electronic warfare before engagement
    # arsenal:                     # the attacker's stock; without it the raids never run short
    #   on_hand: 600               # missiles on hand before night 1
    #   production: [{ per_month: 65 }]  # made at a rate (the keys of production below)
    #   max_per_night: 20          # launch capacity (default unlimited)
    #   tactic: steady             # the planned raid as far as stock allows, or { mass_when: 40 }
  cruise:
    missiles_per_night: 6
    engaged_by: [nasams, pac3-mse]
    interceptors_per_kill: 2
    unit_cost: 6.5e6
  drones:
    missiles_per_night: 400
    engaged_by: []                 # nothing engages them: they all leak
  # decoys:
  #   decoy: true                  # cost interceptors when engaged, never leakers
  #   discrimination: 0.5          # share recognised as decoys and left alone
  #   missiles_per_night: 300
  #   engaged_by: [nasams]
  #   interceptors_per_kill: 1
# layers: [[pac3-mse], [nasams]]   # tiers: survivors of the upper go on to the next
deliveries:
  - { interceptor: pac3-mse, night: 20, count: 10 }  # or date: 2025-07-29
# production:
#   - { interceptor: pac3-mse, per_year: 620, share: 0.1, lead_time_nights: 60 }
# extends: base.yaml               # optional: a base scenario this one overrides
sources:
  - "Source, date: what it says"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::parse_scenario;

    #[test]
    fn templates_are_valid_as_written() {
        let short = parse_scenario(SHORT, "short.yaml", "short").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(short.interceptors[0].stockpile, 100);
        assert_eq!(short.value_sources.len(), 1);
        let long = parse_scenario(LONG, "long.yaml", "long").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(long.threats.len(), 3);
        assert_eq!(long.value_sources.len(), 1);
    }

    /// Each template with its commented keys switched on: the range in
    /// place of the plain value, the attacker's keys, the decoys.
    fn uncommented(template: &str, drop: &str) -> String {
        let mut out = String::new();
        let mut block = false;
        for line in template.lines() {
            if line.starts_with(drop) {
                continue;
            }
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let heads = ["# stockpile:", "# lost_to_ew", "# arsenal:", "# decoys:"];
            let head = heads.iter().any(|k| trimmed.starts_with(k));
            block = head || (block && trimmed.starts_with("#   "));
            if block {
                let rest = trimmed.strip_prefix("# ").unwrap_or(trimmed);
                out.push_str(indent);
                out.push_str(rest);
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        out
    }

    #[test]
    fn templates_are_valid_with_their_options_switched_on() {
        let short = uncommented(SHORT, "stockpile: 100");
        let short = parse_scenario(&short, "short.yaml", "short")
            .unwrap_or_else(|e| panic!("{e}\n{short}"));
        assert_eq!(short.uncertain.len(), 1);
        assert!(short.threats[0].arsenal.is_some());
        assert_eq!(short.threats[0].lost_to_ew, 0.2);
        let long = uncommented(LONG, "    stockpile: 60");
        let long =
            parse_scenario(&long, "long.yaml", "long").unwrap_or_else(|e| panic!("{e}\n{long}"));
        assert_eq!(long.uncertain.len(), 1);
        assert_eq!(long.threats.len(), 4);
        assert!(long.threats.iter().any(|t| t.decoy.is_some()));
        assert!(long.threats.iter().any(|t| t.arsenal.is_some()));
    }
}
