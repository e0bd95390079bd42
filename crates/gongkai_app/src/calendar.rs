//! The working-day calendar's imports: a year the State Council announces
//! (国务院办公厅关于YYYY年部分节假日安排的通知) is added without rebuilding. Never guessed: the text is
//! the notice's own dates. The calendar is platform-wide, so only an admin of the top agency (no
//! parent) imports.

use crate::App;
use crate::error::Error;
use gongkai_domain::calendar::{YearArrangement, parse_arrangements};
use gongkai_domain::role::Role;
use gongkai_store::{Actor, User};

/// Whether `user` may import calendar years: an admin of a top-level agency.
pub async fn may_import(app: &App, user: &User) -> Result<bool, Error> {
    let agency = app.store.get_agency(user.agency_id).await?.ok_or(Error::NotFound)?;
    Ok(user.has(Role::Admin) && agency.parent_id.is_none())
}

/// Parses `source`, checks it merges with the calendar in force, then stores each year. Nothing
/// is stored when any of it is wrong. Answers the years stored.
pub async fn import(app: &App, user: &User, source: &str) -> Result<Vec<YearArrangement>, Error> {
    if !may_import(app, user).await? {
        return Err(Error::Forbidden);
    }
    let current = crate::requests::current_calendar(app).await?;
    let years = parse_arrangements(source)
        .map_err(|e| Error::invalid("source", "calendar_invalid", e.to_string()))?;
    if years.is_empty() {
        return Err(Error::invalid("source", "calendar_empty", "没有找到任何日期，请按说明的格式填写。"));
    }
    current
        .merged(years.clone())
        .map_err(|e| Error::invalid("source", "calendar_conflict", e.to_string()))?;
    for y in &years {
        app.store.put_calendar_year(&Actor::user(user), y.year, y.to_text_block()).await?;
    }
    Ok(years)
}

/// How a stored year is summarised for people.
pub fn summary(y: &YearArrangement) -> String {
    format!("{} 年（放假 {} 天，调休上班 {} 天）", y.year, y.holiday_count(), y.workday_count())
}

/// One year of the calendar in force, as the calendar page and the API list it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct YearInfo {
    pub year: i32,
    pub holidays: usize,
    pub workdays: usize,
    /// Imported into the database (not built in).
    pub imported: bool,
}

/// The years of the calendar in force.
pub async fn years(app: &App) -> Result<Vec<YearInfo>, Error> {
    let cal = crate::requests::current_calendar(app).await?;
    let imported = app.store.list_calendar_years().await?;
    Ok(cal
        .loaded_years()
        .into_iter()
        .map(|y| {
            let a = cal.year(y);
            YearInfo {
                year: y,
                holidays: a.map(|a| a.holiday_count()).unwrap_or(0),
                workdays: a.map(|a| a.workday_count()).unwrap_or(0),
                imported: imported.iter().any(|i| i.year == y),
            }
        })
        .collect())
}
