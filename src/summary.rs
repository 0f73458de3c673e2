//! The summary of a simulation, and the one place its fields are computed.

use crate::engine::NightRecord;

/// What a scenario comes to over its horizon. Field names are the JSON
/// contract and the names used everywhere else (README, `--sort`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Summary {
    pub horizon_nights: u32,
    /// Nights before the first night with leakers; the horizon if none leak.
    pub nights_fully_defended: u32,
    /// The first night with leakers, if any.
    pub first_shortfall_night: Option<u32>,
    /// The first night that ends with fewer interceptors than one salvo.
    pub exhausted_night: Option<u32>,
    pub launched: u64,
    pub engaged: u64,
    pub leakers: u64,
    pub expended: u64,
    pub delivered: u64,
    pub final_stock: u64,
    /// Interceptors a night the average raid needs.
    pub burn_per_night: f64,
    /// Deliveries per 30 nights that would keep up with `burn_per_night`.
    pub break_even_per_30_nights: f64,
}

/// Accumulates a [`Summary`] night by night.
#[derive(Debug, Clone)]
pub struct SummaryBuilder {
    horizon_nights: u32,
    first_shortfall_night: Option<u32>,
    exhausted_night: Option<u32>,
    launched: u64,
    engaged: u64,
    leakers: u64,
    expended: u64,
    delivered: u64,
    final_stock: u64,
}

impl SummaryBuilder {
    pub fn new(horizon_nights: u32) -> SummaryBuilder {
        SummaryBuilder {
            horizon_nights,
            first_shortfall_night: None,
            exhausted_night: None,
            launched: 0,
            engaged: 0,
            leakers: 0,
            expended: 0,
            delivered: 0,
            final_stock: 0,
        }
    }

    /// Adds one night. `exhausted` says whether it ended with fewer
    /// interceptors than one salvo.
    pub fn record(&mut self, night: &NightRecord, exhausted: bool) {
        if night.leakers > 0 && self.first_shortfall_night.is_none() {
            self.first_shortfall_night = Some(night.night);
        }
        if exhausted && self.exhausted_night.is_none() {
            self.exhausted_night = Some(night.night);
        }
        self.launched += night.launched;
        self.engaged += night.engaged;
        self.leakers += night.leakers;
        self.expended += night.expended;
        self.delivered += night.delivered;
        self.final_stock = night.stock_end;
    }

    pub fn finish(self, burn_per_night: f64) -> Summary {
        Summary {
            horizon_nights: self.horizon_nights,
            nights_fully_defended: self
                .first_shortfall_night
                .map_or(self.horizon_nights, |night| night - 1),
            first_shortfall_night: self.first_shortfall_night,
            exhausted_night: self.exhausted_night,
            launched: self.launched,
            engaged: self.engaged,
            leakers: self.leakers,
            expended: self.expended,
            delivered: self.delivered,
            final_stock: self.final_stock,
            burn_per_night,
            break_even_per_30_nights: burn_per_night * 30.0,
        }
    }
}

/// A summary field, by the name it has in JSON, CSV headers and `--sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    HorizonNights,
    NightsFullyDefended,
    FirstShortfallNight,
    ExhaustedNight,
    Launched,
    Engaged,
    Leakers,
    Expended,
    Delivered,
    FinalStock,
    BurnPerNight,
    BreakEvenPer30Nights,
}

impl Metric {
    /// Every summary field, in the order reports show them.
    pub const ALL: [Metric; 12] = [
        Metric::HorizonNights,
        Metric::NightsFullyDefended,
        Metric::FirstShortfallNight,
        Metric::ExhaustedNight,
        Metric::Launched,
        Metric::Engaged,
        Metric::Leakers,
        Metric::Expended,
        Metric::Delivered,
        Metric::FinalStock,
        Metric::BurnPerNight,
        Metric::BreakEvenPer30Nights,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Metric::HorizonNights => "horizon_nights",
            Metric::NightsFullyDefended => "nights_fully_defended",
            Metric::FirstShortfallNight => "first_shortfall_night",
            Metric::ExhaustedNight => "exhausted_night",
            Metric::Launched => "launched",
            Metric::Engaged => "engaged",
            Metric::Leakers => "leakers",
            Metric::Expended => "expended",
            Metric::Delivered => "delivered",
            Metric::FinalStock => "final_stock",
            Metric::BurnPerNight => "burn_per_night",
            Metric::BreakEvenPer30Nights => "break_even_per_30_nights",
        }
    }

    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether the field is a whole number (a count or a night).
    pub fn is_whole(self) -> bool {
        !matches!(self, Metric::BurnPerNight | Metric::BreakEvenPer30Nights)
    }

    /// The field's value; `None` for a night that never came.
    pub fn value(self, s: &Summary) -> Option<f64> {
        let whole = |n: u64| Some(n as f64);
        match self {
            Metric::HorizonNights => whole(s.horizon_nights.into()),
            Metric::NightsFullyDefended => whole(s.nights_fully_defended.into()),
            Metric::FirstShortfallNight => s.first_shortfall_night.map(f64::from),
            Metric::ExhaustedNight => s.exhausted_night.map(f64::from),
            Metric::Launched => whole(s.launched),
            Metric::Engaged => whole(s.engaged),
            Metric::Leakers => whole(s.leakers),
            Metric::Expended => whole(s.expended),
            Metric::Delivered => whole(s.delivered),
            Metric::FinalStock => whole(s.final_stock),
            Metric::BurnPerNight => Some(s.burn_per_night),
            Metric::BreakEvenPer30Nights => Some(s.break_even_per_30_nights),
        }
    }
}

impl std::fmt::Display for Metric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
