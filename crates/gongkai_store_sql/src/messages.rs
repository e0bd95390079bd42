//! [`gongkai_store::MessageStore`] for both backends (`impl_message_store!`), same pattern as
//! `requests.rs`: identical SQL with `$N` placeholders; the write lock comes from `begin_write()`.

use crate::requests::Arg;
use gongkai_store::{MessageFilter, MessageRecord, StoreError};

pub(crate) const MSG_COLS: &str = "id, agency_id, number, version, facts, created_at, updated_at";

#[derive(sqlx::FromRow)]
pub(crate) struct MsgRow {
    pub id: i64,
    pub agency_id: i64,
    pub number: String,
    pub version: i64,
    pub facts: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

impl TryFrom<MsgRow> for MessageRecord {
    type Error = StoreError;
    fn try_from(r: MsgRow) -> Result<Self, StoreError> {
        let facts = serde_json::from_str(&r.facts)
            .map_err(|e| StoreError::Corrupt(format!("message {} facts: {e}", r.id)))?;
        Ok(MessageRecord {
            id: r.id,
            agency_id: r.agency_id,
            number: r.number,
            version: r.version,
            facts,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct HopSqlRow {
    pub message_id: i64,
    pub agency_id: i64,
    pub received_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub closed_on: Option<chrono::NaiveDate>,
    pub end_kind: Option<String>,
}

impl TryFrom<HopSqlRow> for gongkai_store::HopRow {
    type Error = StoreError;
    fn try_from(r: HopSqlRow) -> Result<Self, StoreError> {
        let end = match &r.end_kind {
            Some(k) => Some(
                gongkai_domain::message::HopEnd::from_key(k)
                    .ok_or_else(|| StoreError::Corrupt(format!("message {} hop end {k:?}", r.message_id)))?,
            ),
            None => None,
        };
        Ok(gongkai_store::HopRow {
            message_id: r.message_id,
            agency_id: r.agency_id,
            fact: gongkai_domain::message::HopFact {
                received_on: r.received_on,
                due_on: r.due_on,
                closed_on: r.closed_on,
                end,
            },
        })
    }
}

/// The WHERE clause, ORDER BY and arguments of a message list.
pub(crate) fn list_where(f: &MessageFilter) -> (String, &'static str, Vec<Arg>) {
    let mut args = Vec::new();
    let mut parts = vec!["1 = 1".to_owned()];
    let next = |a: Arg, args: &mut Vec<Arg>| {
        args.push(a);
        format!("${}", args.len())
    };
    if !f.agency_ids.is_empty() {
        let ph: Vec<String> = f.agency_ids.iter().map(|id| next(Arg::I64(*id), &mut args)).collect();
        parts.push(format!("agency_id IN ({})", ph.join(", ")));
    }
    if f.open_only {
        parts.push("is_open = TRUE".into());
    }
    if f.published_only {
        parts.push("published = TRUE".into());
    }
    if let Some(d) = f.due_by {
        parts.push(format!("is_open = TRUE AND due_on <= {}", next(Arg::Date(d), &mut args)));
    }
    if !f.transferred_from.is_empty() {
        let ph: Vec<String> = f.transferred_from.iter().map(|id| next(Arg::I64(*id), &mut args)).collect();
        let ph = ph.join(", ");
        parts.push(format!(
            "agency_id NOT IN ({ph}) AND id IN (SELECT message_id FROM message_hops WHERE agency_id IN ({ph}))"
        ));
    }
    if let Some(k) = &f.kind {
        parts.push(format!("kind = {}", next(Arg::Text(k.clone()), &mut args)));
    }
    let order = if f.published_only {
        "replied_on DESC, id DESC"
    } else if f.open_only || f.due_by.is_some() {
        "due_on ASC, id ASC"
    } else {
        "is_open DESC, due_on ASC, id DESC"
    };
    (parts.join(" AND "), order, args)
}

macro_rules! impl_message_store {
    ($ty:ty, $db:ty) => {
        impl $ty {
            /// Rewrites the message's hop rows from its facts.
            async fn write_hops(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
                m: &gongkai_domain::message::Message,
            ) -> Result<(), gongkai_store::StoreError> {
                sqlx::query("DELETE FROM message_hops WHERE message_id = $1")
                    .bind(id)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                for (i, h) in m.hops.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO message_hops (message_id, seq, agency_id, received_on, due_on, closed_on, end_kind) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(id)
                    .bind(i64::try_from(i).unwrap_or(0))
                    .bind(h.agency_id)
                    .bind(h.received_on)
                    .bind(h.due_on)
                    .bind(h.closed_on)
                    .bind(h.end.map(|e| e.key()))
                    .execute(&mut **tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "message_hop", "agency"))?;
                }
                Ok(())
            }

            fn message_summary(number: &str, m: &gongkai_domain::message::Message) -> String {
                format!("{number} state={} agency={} due={}", m.state.key(), m.agency_id(), m.due_on())
            }
        }

        #[async_trait::async_trait]
        impl gongkai_store::MessageStore for $ty {
            async fn create_message(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewMessage,
            ) -> gongkai_store::StoreResult<gongkai_store::MessageRecord> {
                use chrono::Datelike;
                let mut tx = self.begin_write().await?;
                let f = &new.facts;
                let agency_id = f.agency_id();
                let year = i64::from(f.received_on.year());
                let last: Option<(i64,)> =
                    sqlx::query_as("SELECT last_seq FROM message_counters WHERE agency_id = $1 AND year = $2")
                        .bind(agency_id)
                        .bind(year)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                let seq = last.map(|(s,)| s + 1).unwrap_or(1);
                if seq == 1 {
                    sqlx::query("INSERT INTO message_counters (agency_id, year, last_seq) VALUES ($1, $2, 1)")
                        .bind(agency_id)
                        .bind(year)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| $crate::map_err(e, "message_number", "agency"))?;
                } else {
                    sqlx::query("UPDATE message_counters SET last_seq = $1 WHERE agency_id = $2 AND year = $3")
                        .bind(seq)
                        .bind(agency_id)
                        .bind(year)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                let number = format!("{}{year}-{agency_id:04}-{seq:05}", f.submission.kind.number_prefix());
                let facts =
                    serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let now = chrono::Utc::now();
                let sql = format!(
                    "INSERT INTO messages (agency_id, number, tracking_hash, kind, state, subject, received_on, due_on, \
                     replied_on, is_open, published, text_key, version, facts, created_at, updated_at) VALUES \
                     ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $14) RETURNING {}",
                    $crate::messages::MSG_COLS
                );
                let row: $crate::messages::MsgRow = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(&number)
                    .bind(&new.tracking_hash)
                    .bind(f.submission.kind.key())
                    .bind(f.state.key())
                    .bind(&f.submission.subject)
                    .bind(f.received_on)
                    .bind(f.due_on())
                    .bind(f.replied_on())
                    .bind(f.is_open())
                    .bind(f.published.is_some())
                    .bind(&new.text_key)
                    .bind(&facts)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "message_number", "agency"))?;
                let rec: gongkai_store::MessageRecord = row.try_into()?;
                Self::write_hops(&mut tx, rec.id, &rec.facts).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "message.create".into(),
                    subject: format!("message:{}", rec.id),
                    agency_id: Some(agency_id),
                    before: String::new(),
                    after: Self::message_summary(&rec.number, &rec.facts),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn get_message(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::MessageRecord>> {
                let sql = format!("SELECT {} FROM messages WHERE id = $1", $crate::messages::MSG_COLS);
                let row: Option<$crate::messages::MsgRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn find_message_by_number(
                &self,
                number: &str,
            ) -> gongkai_store::StoreResult<Option<(gongkai_store::MessageRecord, String)>> {
                let sql =
                    format!("SELECT {}, tracking_hash FROM messages WHERE number = $1", $crate::messages::MSG_COLS);
                let row: Option<($crate::messages::MsgRow, String)> = {
                    use sqlx::Row;
                    let r = sqlx::query(&sql)
                        .bind(number.trim().to_uppercase())
                        .fetch_optional(&self.pool)
                        .await
                        .map_err($crate::db_err)?;
                    match r {
                        Some(r) => {
                            let hash: String = r.try_get("tracking_hash").map_err($crate::db_err)?;
                            let m = <$crate::messages::MsgRow as sqlx::FromRow<_>>::from_row(&r)
                                .map_err($crate::db_err)?;
                            Some((m, hash))
                        }
                        None => None,
                    }
                };
                match row {
                    Some((m, hash)) => Ok(Some((m.try_into()?, hash))),
                    None => Ok(None),
                }
            }

            async fn find_duplicate_message(
                &self,
                agency_id: i64,
                text_key: &str,
                since: chrono::DateTime<chrono::Utc>,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::MessageRecord>> {
                // Matched on the first agency (where the writer sent it), whatever the transfers.
                let sql = format!(
                    "SELECT {} FROM messages WHERE text_key = $1 AND created_at >= $2 AND id IN \
                     (SELECT message_id FROM message_hops WHERE seq = 0 AND agency_id = $3) ORDER BY id DESC LIMIT 1",
                    $crate::messages::MSG_COLS
                );
                let row: Option<$crate::messages::MsgRow> = sqlx::query_as(&sql)
                    .bind(text_key)
                    .bind(since)
                    .bind(agency_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn update_message(
                &self,
                actor: &gongkai_store::Actor,
                u: gongkai_store::MessageUpdate,
            ) -> gongkai_store::StoreResult<gongkai_store::MessageRecord> {
                let mut tx = self.begin_write().await?;
                let sql = format!("SELECT {} FROM messages WHERE id = $1", $crate::messages::MSG_COLS);
                let before: Option<$crate::messages::MsgRow> =
                    sqlx::query_as(&sql).bind(u.id).fetch_optional(&mut *tx).await.map_err($crate::db_err)?;
                let before: gongkai_store::MessageRecord = before
                    .ok_or(gongkai_store::StoreError::NotFound("message"))?
                    .try_into()?;
                if before.version != u.expected_version {
                    return Err(gongkai_store::StoreError::Conflict("version"));
                }
                let f = &u.facts;
                let facts =
                    serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let sql = format!(
                    "UPDATE messages SET agency_id = $1, state = $2, due_on = $3, replied_on = $4, is_open = $5, \
                     published = $6, version = version + 1, facts = $7, updated_at = $8 WHERE id = $9 AND version = $10 \
                     RETURNING {}",
                    $crate::messages::MSG_COLS
                );
                let row: Option<$crate::messages::MsgRow> = sqlx::query_as(&sql)
                    .bind(f.agency_id())
                    .bind(f.state.key())
                    .bind(f.due_on())
                    .bind(f.replied_on())
                    .bind(f.is_open())
                    .bind(f.published.is_some())
                    .bind(&facts)
                    .bind(chrono::Utc::now())
                    .bind(u.id)
                    .bind(u.expected_version)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "message", "agency"))?;
                let rec: gongkai_store::MessageRecord =
                    row.ok_or(gongkai_store::StoreError::Conflict("version"))?.try_into()?;
                Self::write_hops(&mut tx, rec.id, &rec.facts).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: u.audit_action.clone(),
                    subject: format!("message:{}", rec.id),
                    agency_id: Some(before.agency_id),
                    before: Self::message_summary(&before.number, &before.facts),
                    after: Self::message_summary(&rec.number, &rec.facts),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn list_messages(
                &self,
                filter: &gongkai_store::MessageFilter,
            ) -> gongkai_store::StoreResult<(i64, Vec<gongkai_store::MessageRecord>)> {
                let (clause, order, args) = $crate::messages::list_where(filter);
                let count_sql = format!("SELECT COUNT(*) FROM messages WHERE {clause}");
                let (total,): (i64,) = bind_args!(sqlx::query_as(&count_sql), &args)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                if filter.limit <= 0 {
                    return Ok((total, Vec::new()));
                }
                let n = args.len();
                let sql = format!(
                    "SELECT {} FROM messages WHERE {clause} ORDER BY {order} LIMIT ${} OFFSET ${}",
                    $crate::messages::MSG_COLS,
                    n + 1,
                    n + 2
                );
                let rows: Vec<$crate::messages::MsgRow> = bind_args!(sqlx::query_as(&sql), &args)
                    .bind(filter.limit.clamp(1, 1000))
                    .bind(filter.offset.max(0))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let items = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>()?;
                Ok((total, items))
            }

            async fn message_hops(
                &self,
                agency_ids: &[i64],
                from: chrono::NaiveDate,
                to: chrono::NaiveDate,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::HopRow>> {
                if agency_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let ph: Vec<String> = (3..agency_ids.len() + 3).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT message_id, agency_id, received_on, due_on, closed_on, end_kind FROM message_hops \
                     WHERE received_on >= $1 AND received_on <= $2 AND agency_id IN ({}) ORDER BY message_id, seq",
                    ph.join(", ")
                );
                let mut q = sqlx::query_as::<_, $crate::messages::HopSqlRow>(&sql).bind(from).bind(to);
                for id in agency_ids {
                    q = q.bind(*id);
                }
                let rows = q.fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn message_settings(
                &self,
                agency_id: i64,
            ) -> gongkai_store::StoreResult<gongkai_domain::message::ReplyDays> {
                let row: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT message_days, error_report_days FROM message_settings WHERE agency_id = $1",
                )
                .bind(agency_id)
                .fetch_optional(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(row
                    .map(|(message, error_report)| gongkai_domain::message::ReplyDays { message, error_report })
                    .unwrap_or_default())
            }

            async fn put_message_settings(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                days: gongkai_domain::message::ReplyDays,
            ) -> gongkai_store::StoreResult<gongkai_domain::message::ReplyDays> {
                let mut tx = self.begin_write().await?;
                let before: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT message_days, error_report_days FROM message_settings WHERE agency_id = $1",
                )
                .bind(agency_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let now = chrono::Utc::now();
                if before.is_some() {
                    sqlx::query(
                        "UPDATE message_settings SET message_days = $1, error_report_days = $2, updated_at = $3 \
                         WHERE agency_id = $4",
                    )
                    .bind(days.message)
                    .bind(days.error_report)
                    .bind(now)
                    .bind(agency_id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                } else {
                    sqlx::query(
                        "INSERT INTO message_settings (agency_id, message_days, error_report_days, updated_at) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(agency_id)
                    .bind(days.message)
                    .bind(days.error_report)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "message_settings", "agency"))?;
                }
                let b = before.unwrap_or((
                    gongkai_domain::message::DEFAULT_MESSAGE_DAYS,
                    gongkai_domain::message::DEFAULT_ERROR_REPORT_DAYS,
                ));
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "agency.message_settings".into(),
                    subject: format!("agency:{agency_id}"),
                    agency_id: Some(agency_id),
                    before: format!("{{\"message_days\":{},\"error_report_days\":{}}}", b.0, b.1),
                    after: format!(
                        "{{\"message_days\":{},\"error_report_days\":{}}}",
                        days.message, days.error_report
                    ),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(days)
            }
        }
    };
}
