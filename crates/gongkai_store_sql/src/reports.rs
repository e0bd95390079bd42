//! [`gongkai_store::ReportStore`] for both backends (`impl_report_store!`).

/// The fee columns of a request's facts: (notice day, notified, paid day, paid).
pub(crate) fn fee_columns(
    f: &gongkai_domain::request::DisclosureRequest,
) -> (Option<chrono::NaiveDate>, Option<i64>, Option<chrono::NaiveDate>, Option<i64>) {
    match &f.fee {
        Some(fee) => (
            Some(fee.notice_on),
            i64::try_from(fee.quote.amount_yuan).ok(),
            fee.paid_on,
            fee.paid_yuan.and_then(|v| i64::try_from(v).ok()),
        ),
        None => (None, None, None, None),
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FactRow {
    pub id: i64,
    pub applicant_kind: String,
    pub received_on: Option<chrono::NaiveDate>,
    pub decided_on: Option<chrono::NaiveDate>,
    pub outcome: Option<String>,
    pub fee_notice_on: Option<chrono::NaiveDate>,
    pub fee_notified_yuan: Option<i64>,
    pub fee_paid_on: Option<chrono::NaiveDate>,
    pub fee_paid_yuan: Option<i64>,
}

impl TryFrom<FactRow> for gongkai_domain::report::records::RequestFact {
    type Error = gongkai_store::StoreError;
    fn try_from(r: FactRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str, v: &str| {
            gongkai_store::StoreError::Corrupt(format!("request {} {what}: {v:?}", r.id))
        };
        Ok(Self {
            id: r.id,
            applicant: gongkai_domain::request::ApplicantKind::from_key(&r.applicant_kind)
                .ok_or_else(|| corrupt("applicant_kind", &r.applicant_kind))?,
            received_on: r.received_on,
            decided_on: r.decided_on,
            outcome: match &r.outcome {
                Some(o) => {
                    Some(gongkai_domain::request::Outcome::from_key(o).ok_or_else(|| corrupt("outcome", o))?)
                }
                None => None,
            },
            fee_notice: r.fee_notice_on.zip(r.fee_notified_yuan.and_then(|v| u64::try_from(v).ok())),
            fee_paid: r.fee_paid_on.zip(r.fee_paid_yuan.and_then(|v| u64::try_from(v).ok())),
        })
    }
}

pub(crate) const DOC_COLS: &str = "id, agency_id, year, version, locked, sections, snapshot, published_on, created_by, created_at, locked_at";

#[derive(sqlx::FromRow)]
pub(crate) struct DocRow {
    pub id: i64,
    pub agency_id: i64,
    pub year: i64,
    pub version: i64,
    pub locked: bool,
    pub sections: String,
    pub snapshot: Option<String>,
    pub published_on: Option<chrono::NaiveDate>,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub locked_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<DocRow> for gongkai_store::ReportDoc {
    fn from(r: DocRow) -> Self {
        Self {
            id: r.id,
            agency_id: r.agency_id,
            year: i32::try_from(r.year).unwrap_or(0),
            version: i32::try_from(r.version).unwrap_or(0),
            locked: r.locked,
            sections: r.sections,
            snapshot: r.snapshot,
            published_on: r.published_on,
            created_by: r.created_by,
            created_at: r.created_at,
            locked_at: r.locked_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EntryRow {
    pub id: i64,
    pub agency_id: i64,
    pub kind: String,
    pub year: i64,
    pub on_date: Option<chrono::NaiveDate>,
    pub data: String,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl From<EntryRow> for gongkai_store::RegisterEntry {
    fn from(r: EntryRow) -> Self {
        Self {
            id: r.id,
            agency_id: r.agency_id,
            kind: r.kind,
            year: i32::try_from(r.year).unwrap_or(0),
            on: r.on_date,
            data: r.data,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

macro_rules! impl_report_store {
    ($ty:ty, $db:ty) => {
        impl $ty {
            async fn latest_doc_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                agency_id: i64,
                year: i32,
            ) -> Result<Option<gongkai_store::ReportDoc>, gongkai_store::StoreError> {
                let sql = format!(
                    "SELECT {} FROM annual_reports WHERE agency_id = $1 AND year = $2 ORDER BY version DESC LIMIT 1",
                    $crate::reports::DOC_COLS
                );
                let row: Option<$crate::reports::DocRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(i64::from(year))
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                Ok(row.map(Into::into))
            }

            async fn insert_doc_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                year: i32,
                version: i32,
                sections: &str,
            ) -> Result<gongkai_store::ReportDoc, gongkai_store::StoreError> {
                let sql = format!(
                    "INSERT INTO annual_reports (agency_id, year, version, locked, sections, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {}",
                    $crate::reports::DOC_COLS
                );
                let row: $crate::reports::DocRow = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(i64::from(year))
                    .bind(i64::from(version))
                    .bind(false)
                    .bind(sections)
                    .bind(&actor.name)
                    .bind(chrono::Utc::now())
                    .fetch_one(&mut **tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "report_version", "agency"))?;
                Ok(row.into())
            }
        }

        #[async_trait::async_trait]
        impl gongkai_store::ReportStore for $ty {
            async fn report_request_facts(
                &self,
                agency_ids: &[i64],
                year: i32,
            ) -> gongkai_store::StoreResult<Vec<gongkai_domain::report::records::RequestFact>> {
                if agency_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let (Some(start), Some(end)) =
                    (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31))
                else {
                    return Ok(Vec::new());
                };
                let ph: Vec<String> = (3..agency_ids.len() + 3).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT id, applicant_kind, received_on, decided_on, outcome, fee_notice_on, fee_notified_yuan, \
                     fee_paid_on, fee_paid_yuan FROM requests WHERE received_on IS NOT NULL AND received_on <= $1 \
                     AND (decided_on IS NULL OR decided_on >= $2 OR fee_notice_on >= $2 OR fee_paid_on >= $2) \
                     AND agency_id IN ({}) ORDER BY id",
                    ph.join(", ")
                );
                let mut q = sqlx::query_as::<_, $crate::reports::FactRow>(&sql).bind(end).bind(start);
                for id in agency_ids {
                    q = q.bind(*id);
                }
                let rows = q.fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn annual_report(
                &self,
                agency_id: i64,
                year: i32,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::ReportDoc>> {
                let sql = format!(
                    "SELECT {} FROM annual_reports WHERE agency_id = $1 AND year = $2 ORDER BY version DESC LIMIT 1",
                    $crate::reports::DOC_COLS
                );
                let row: Option<$crate::reports::DocRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(i64::from(year))
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(row.map(Into::into))
            }

            async fn annual_report_versions(
                &self,
                agency_id: i64,
                year: i32,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::ReportDoc>> {
                let sql = format!(
                    "SELECT {} FROM annual_reports WHERE agency_id = $1 AND year = $2 ORDER BY version",
                    $crate::reports::DOC_COLS
                );
                let rows: Vec<$crate::reports::DocRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(i64::from(year))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn save_report_draft(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                year: i32,
                sections: String,
            ) -> gongkai_store::StoreResult<gongkai_store::ReportDoc> {
                let mut tx = self.begin_write().await?;
                let doc = match Self::latest_doc_in_tx(&mut tx, agency_id, year).await? {
                    Some(d) if d.locked => return Err(gongkai_store::StoreError::Conflict("locked")),
                    Some(d) => {
                        sqlx::query("UPDATE annual_reports SET sections = $1 WHERE id = $2")
                            .bind(&sections)
                            .bind(d.id)
                            .execute(&mut *tx)
                            .await
                            .map_err($crate::db_err)?;
                        gongkai_store::ReportDoc { sections: sections.clone(), ..d }
                    }
                    None => Self::insert_doc_in_tx(&mut tx, actor, agency_id, year, 1, &sections).await?,
                };
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "annual_report.save".into(),
                    subject: format!("annual_report:{agency_id}/{year}/v{}", doc.version),
                    agency_id: Some(agency_id),
                    before: String::new(),
                    after: format!("{} bytes", sections.len()),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(doc)
            }

            async fn lock_report(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                year: i32,
                snapshot: String,
                published_on: chrono::NaiveDate,
            ) -> gongkai_store::StoreResult<gongkai_store::ReportDoc> {
                let mut tx = self.begin_write().await?;
                let doc = Self::latest_doc_in_tx(&mut tx, agency_id, year)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("annual_report"))?;
                if doc.locked {
                    return Err(gongkai_store::StoreError::Conflict("locked"));
                }
                let now = chrono::Utc::now();
                sqlx::query("UPDATE annual_reports SET locked = $1, snapshot = $2, published_on = $3, locked_at = $4 WHERE id = $5")
                    .bind(true)
                    .bind(&snapshot)
                    .bind(published_on)
                    .bind(now)
                    .bind(doc.id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "annual_report.lock".into(),
                    subject: format!("annual_report:{agency_id}/{year}/v{}", doc.version),
                    agency_id: Some(agency_id),
                    before: "draft".into(),
                    after: format!("locked, published {published_on}"),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(gongkai_store::ReportDoc {
                    locked: true,
                    snapshot: Some(snapshot),
                    published_on: Some(published_on),
                    locked_at: Some(now),
                    ..doc
                })
            }

            async fn new_report_version(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                year: i32,
            ) -> gongkai_store::StoreResult<gongkai_store::ReportDoc> {
                let mut tx = self.begin_write().await?;
                let doc = Self::latest_doc_in_tx(&mut tx, agency_id, year)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("annual_report"))?;
                if !doc.locked {
                    return Err(gongkai_store::StoreError::Conflict("draft_exists"));
                }
                let new = Self::insert_doc_in_tx(&mut tx, actor, agency_id, year, doc.version + 1, &doc.sections).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "annual_report.new_version".into(),
                    subject: format!("annual_report:{agency_id}/{year}/v{}", new.version),
                    agency_id: Some(agency_id),
                    before: format!("v{}", doc.version),
                    after: format!("v{}", new.version),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(new)
            }

            async fn published_reports(
                &self,
                agency_ids: &[i64],
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::ReportDoc>> {
                if agency_ids.is_empty() {
                    return Ok(Vec::new());
                }
                let ph: Vec<String> = (1..=agency_ids.len()).map(|i| format!("${i}")).collect();
                let sql = format!(
                    "SELECT {} FROM annual_reports WHERE locked = $ {} AND agency_id IN ({}) ORDER BY year DESC, agency_id, version DESC",
                    $crate::reports::DOC_COLS,
                    agency_ids.len() + 1,
                    ph.join(", ")
                )
                .replace("$ ", "$");
                let mut q = sqlx::query_as::<_, $crate::reports::DocRow>(&sql);
                for id in agency_ids {
                    q = q.bind(*id);
                }
                let rows = q.bind(true).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                let mut seen = std::collections::HashSet::new();
                Ok(rows
                    .into_iter()
                    .map(gongkai_store::ReportDoc::from)
                    .filter(|d| seen.insert((d.agency_id, d.year)))
                    .collect())
            }

            async fn add_register_entry(
                &self,
                actor: &gongkai_store::Actor,
                e: gongkai_store::NewRegisterEntry,
            ) -> gongkai_store::StoreResult<gongkai_store::RegisterEntry> {
                let mut tx = self.begin_write().await?;
                let row: $crate::reports::EntryRow = sqlx::query_as(
                    "INSERT INTO register_entries (agency_id, kind, year, on_date, data, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, agency_id, kind, year, on_date, data, created_by, created_at",
                )
                .bind(e.agency_id)
                .bind(&e.kind)
                .bind(i64::from(e.year))
                .bind(e.on)
                .bind(&e.data)
                .bind(&actor.name)
                .bind(chrono::Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(|err| $crate::map_err(err, "register_entry", "agency"))?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "register.add".into(),
                    subject: format!("register:{}:{}", e.kind, row.id),
                    agency_id: Some(e.agency_id),
                    before: String::new(),
                    after: e.data.clone(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(row.into())
            }

            async fn register_entries(
                &self,
                agency_id: i64,
                year: i32,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::RegisterEntry>> {
                let rows: Vec<$crate::reports::EntryRow> = sqlx::query_as(
                    "SELECT id, agency_id, kind, year, on_date, data, created_by, created_at FROM register_entries \
                     WHERE agency_id = $1 AND year = $2 ORDER BY kind, on_date, id",
                )
                .bind(agency_id)
                .bind(i64::from(year))
                .fetch_all(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn delete_register_entry(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                id: i64,
            ) -> gongkai_store::StoreResult<()> {
                let mut tx = self.begin_write().await?;
                let before: Option<(String, String)> =
                    sqlx::query_as("SELECT kind, data FROM register_entries WHERE id = $1 AND agency_id = $2")
                        .bind(id)
                        .bind(agency_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                let (kind, data) = before.ok_or(gongkai_store::StoreError::NotFound("register_entry"))?;
                sqlx::query("DELETE FROM register_entries WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "register.delete".into(),
                    subject: format!("register:{kind}:{id}"),
                    agency_id: Some(agency_id),
                    before: data,
                    after: String::new(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }
        }
    };
}
