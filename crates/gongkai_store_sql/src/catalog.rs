//! [`gongkai_store::CatalogStore`] for both backends (`impl_catalog_store!`), same pattern as
//! `requests.rs`: identical SQL with `$N` placeholders; the write lock comes from `begin_write()`.

use crate::requests::Arg;
use gongkai_store::{PublicationFilter, PublicationOrder};

/// Builds the WHERE clause and ORDER BY of a publication list.
pub(crate) fn list_where(f: &PublicationFilter) -> (String, String, Vec<Arg>) {
    let mut args = Vec::new();
    let mut parts = Vec::new();
    let next = |a: Arg, args: &mut Vec<Arg>| {
        args.push(a);
        format!("${}", args.len())
    };
    if f.agency_ids.is_empty() {
        parts.push("1 = 0".to_owned());
    } else {
        let ph: Vec<String> = f.agency_ids.iter().map(|id| next(Arg::I64(*id), &mut args)).collect();
        parts.push(format!("agency_id IN ({})", ph.join(", ")));
    }
    if !f.states.is_empty() {
        let ph: Vec<String> =
            f.states.iter().map(|s| next(Arg::Text(s.key().to_owned()), &mut args)).collect();
        parts.push(format!("state IN ({})", ph.join(", ")));
    }
    if let Some(t) = f.topic.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let col = if t.contains('\\') { "topic" } else { "topic_main" };
        parts.push(format!("{col} = {}", next(Arg::Text(t.to_owned()), &mut args)));
    }
    if let Some(g) = f.genre {
        parts.push(format!("genre = {}", next(Arg::Text(g.key().to_owned()), &mut args)));
    }
    if let Some(v) = f.validity {
        parts.push(format!("validity = {}", next(Arg::Text(v.key().to_owned()), &mut args)));
    }
    if let Some(y) = f.year
        && let (Some(from), Some(to)) =
            (chrono::NaiveDate::from_ymd_opt(y, 1, 1), chrono::NaiveDate::from_ymd_opt(y, 12, 31))
    {
        let a = next(Arg::Date(from), &mut args);
        let b = next(Arg::Date(to), &mut args);
        parts.push(format!("published_on BETWEEN {a} AND {b}"));
    }
    if let Some(late) = f.published_late {
        parts.push(if late {
            "published_late = TRUE".to_owned()
        } else {
            "published_late = FALSE".to_owned()
        });
    }
    if let Some(d) = f.due_by {
        parts.push(format!("due_on <= {}", next(Arg::Date(d), &mut args)));
    }
    if let Some(d) = f.scheduled_by {
        parts.push(format!("scheduled_on <= {}", next(Arg::Date(d), &mut args)));
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let a = next(Arg::Text(q.to_owned()), &mut args);
        let like: String = q.chars().filter(|c| !matches!(c, '%' | '_' | '\\')).collect();
        let b = next(Arg::Text(format!("%{like}%")), &mut args);
        parts.push(format!("(index_number = {a} OR title LIKE {b} OR document_number LIKE {b})"));
    }
    let order = match f.order {
        PublicationOrder::Newest => "published_on DESC, id DESC",
        PublicationOrder::Due => "due_on ASC, id ASC",
        PublicationOrder::Updated => "updated_at DESC, id DESC",
    };
    (parts.join(" AND "), order.to_owned(), args)
}

macro_rules! impl_catalog_store {
    ($ty:ty, $db:ty) => {
        impl $ty {
            async fn publication_in_tx(
                tx: &mut sqlx::Transaction<'static, $db>,
                id: i64,
            ) -> Result<Option<gongkai_store::PublicationRecord>, gongkai_store::StoreError> {
                let sql = format!("SELECT {} FROM publications WHERE id = $1", $crate::catalog_rows::PUB_COLS);
                let row: Option<$crate::catalog_rows::PubRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn insert_attachments(
                tx: &mut sqlx::Transaction<'static, $db>,
                publication_id: i64,
                files: &[gongkai_store::NewAttachment],
            ) -> Result<(), gongkai_store::StoreError> {
                for f in files {
                    let sha = $crate::requests::sha256_hex(&f.data);
                    sqlx::query(
                        "INSERT INTO catalog_blobs (sha256, size, data) VALUES ($1, $2, $3) \
                         ON CONFLICT (sha256) DO NOTHING",
                    )
                    .bind(&sha)
                    .bind(f.data.len() as i64)
                    .bind(&f.data)
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                    sqlx::query(
                        "INSERT INTO publication_files (publication_id, name, content_type, size, sha256, text, \
                         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(publication_id)
                    .bind(&f.name)
                    .bind(&f.content_type)
                    .bind(f.data.len() as i64)
                    .bind(&sha)
                    .bind(&f.text)
                    .bind(chrono::Utc::now())
                    .execute(&mut **tx)
                    .await
                    .map_err($crate::db_err)?;
                }
                Ok(())
            }

            fn publication_summary(r: &gongkai_store::PublicationRecord) -> String {
                serde_json::json!({
                    "index_number": r.index_number,
                    "state": r.facts.state.key(),
                    "title": r.facts.content.title,
                    "validity": r.facts.validity.status.key(),
                })
                .to_string()
            }
        }

        #[async_trait::async_trait]
        impl gongkai_store::CatalogStore for $ty {
            async fn create_publication(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewPublication,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicationRecord> {
                let mut tx = self.begin_write().await?;
                let f = &new.facts;
                let c = &f.content;
                let facts = serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let now = chrono::Utc::now();
                let sql = format!(
                    "INSERT INTO publications (agency_id, index_number, state, title, document_number, topic, \
                     topic_main, genre, validity, formed_on, due_on, published_on, scheduled_on, published_late, \
                     interprets_id, version, facts, created_by, created_at, updated_at) VALUES ($1, NULL, $2, $3, \
                     $4, $5, $6, $7, $8, $9, $10, $11, $12, FALSE, $13, 1, $14, $15, $16, $16) RETURNING {}",
                    $crate::catalog_rows::PUB_COLS
                );
                let row: $crate::catalog_rows::PubRow = sqlx::query_as(&sql)
                    .bind(new.agency_id)
                    .bind(f.state.key())
                    .bind(&c.title)
                    .bind(&c.document_number)
                    .bind(&c.topic)
                    .bind(gongkai_domain::catalog::topic_main(&c.topic))
                    .bind(c.genre.key())
                    .bind(f.validity.status.key())
                    .bind(c.formed_on)
                    .bind(new.due_on)
                    .bind(f.published_on)
                    .bind(f.scheduled_on)
                    .bind(c.interprets)
                    .bind(&facts)
                    .bind(&actor.name)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "publication", "agency"))?;
                let rec: gongkai_store::PublicationRecord = row.try_into()?;
                Self::insert_attachments(&mut tx, rec.id, &new.attachments).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "publication.create".into(),
                    subject: format!("publication:{}", rec.id),
                    agency_id: Some(rec.agency_id),
                    before: String::new(),
                    after: Self::publication_summary(&rec),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn get_publication(
                &self,
                id: i64,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::PublicationRecord>> {
                let sql = format!("SELECT {} FROM publications WHERE id = $1", $crate::catalog_rows::PUB_COLS);
                let row: Option<$crate::catalog_rows::PubRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn find_publication_by_index(
                &self,
                index_number: &str,
            ) -> gongkai_store::StoreResult<Option<gongkai_store::PublicationRecord>> {
                let sql =
                    format!("SELECT {} FROM publications WHERE index_number = $1", $crate::catalog_rows::PUB_COLS);
                let row: Option<$crate::catalog_rows::PubRow> = sqlx::query_as(&sql)
                    .bind(index_number.trim())
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn update_publication(
                &self,
                actor: &gongkai_store::Actor,
                u: gongkai_store::PublicationUpdate,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicationRecord> {
                let mut tx = self.begin_write().await?;
                let before = Self::publication_in_tx(&mut tx, u.id)
                    .await?
                    .ok_or(gongkai_store::StoreError::NotFound("publication"))?;
                if before.version != u.expected_version {
                    return Err(gongkai_store::StoreError::Conflict("version"));
                }
                // 索引号: assigned once, from the agency's counter for the year, never changed.
                let mut index_number = before.index_number.clone();
                if index_number.is_none()
                    && let Some(plan) = &u.assign_index
                {
                    let mut found = None;
                    for _ in 0..1000 {
                        let (seq,): (i64,) = sqlx::query_as(
                            "INSERT INTO publication_counters (agency_id, year, last_seq) VALUES ($1, $2, 1) \
                             ON CONFLICT (agency_id, year) DO UPDATE SET last_seq = publication_counters.last_seq + 1 \
                             RETURNING last_seq",
                        )
                        .bind(before.agency_id)
                        .bind(i64::from(plan.year))
                        .fetch_one(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                        let candidate = gongkai_domain::catalog::format_index_number(
                            &plan.template,
                            &plan.code,
                            plan.year,
                            seq,
                        )
                        .map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                        let taken: Option<(i64,)> =
                            sqlx::query_as("SELECT id FROM publications WHERE index_number = $1")
                                .bind(&candidate)
                                .fetch_optional(&mut *tx)
                                .await
                                .map_err($crate::db_err)?;
                        if taken.is_none() {
                            found = Some(candidate);
                            break;
                        }
                    }
                    index_number = Some(found.ok_or(gongkai_store::StoreError::Conflict("index_number"))?);
                }
                let f = &u.facts;
                let c = &f.content;
                let facts = serde_json::to_string(f).map_err(|e| gongkai_store::StoreError::Backend(e.to_string()))?;
                let sql = format!(
                    "UPDATE publications SET index_number = $1, state = $2, title = $3, document_number = $4, \
                     topic = $5, topic_main = $6, genre = $7, validity = $8, formed_on = $9, due_on = $10, \
                     published_on = $11, scheduled_on = $12, published_late = $13, interprets_id = $14, facts = $15, \
                     version = version + 1, updated_at = $16 WHERE id = $17 AND version = $18 RETURNING {}",
                    $crate::catalog_rows::PUB_COLS
                );
                let row: Option<$crate::catalog_rows::PubRow> = sqlx::query_as(&sql)
                    .bind(&index_number)
                    .bind(f.state.key())
                    .bind(&c.title)
                    .bind(&c.document_number)
                    .bind(&c.topic)
                    .bind(gongkai_domain::catalog::topic_main(&c.topic))
                    .bind(c.genre.key())
                    .bind(f.validity.status.key())
                    .bind(c.formed_on)
                    .bind(u.due_on)
                    .bind(f.published_on)
                    .bind(f.scheduled_on)
                    .bind(u.published_late)
                    .bind(c.interprets)
                    .bind(&facts)
                    .bind(chrono::Utc::now())
                    .bind(u.id)
                    .bind(u.expected_version)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "index_number", "publication"))?;
                let rec: gongkai_store::PublicationRecord =
                    row.ok_or(gongkai_store::StoreError::Conflict("version"))?.try_into()?;
                for id in &u.remove {
                    sqlx::query("DELETE FROM publication_files WHERE id = $1 AND publication_id = $2")
                        .bind(id)
                        .bind(rec.id)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                Self::insert_attachments(&mut tx, rec.id, &u.add).await?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: u.audit_action.clone(),
                    subject: format!("publication:{}", rec.id),
                    agency_id: Some(rec.agency_id),
                    before: Self::publication_summary(&before),
                    after: Self::publication_summary(&rec),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(rec)
            }

            async fn list_publications(
                &self,
                filter: &gongkai_store::PublicationFilter,
            ) -> gongkai_store::StoreResult<(i64, Vec<gongkai_store::PublicationListItem>)> {
                let (clause, order, args) = $crate::catalog::list_where(filter);
                let count_sql = format!("SELECT COUNT(*) FROM publications WHERE {clause}");
                let (total,): (i64,) = bind_args!(sqlx::query_as(&count_sql), &args)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let n = args.len();
                let sql = format!(
                    "SELECT {} FROM publications WHERE {clause} ORDER BY {order} LIMIT ${} OFFSET ${}",
                    $crate::catalog_rows::PUB_LIST_COLS,
                    n + 1,
                    n + 2
                );
                let rows: Vec<$crate::catalog_rows::PubListRow> = bind_args!(sqlx::query_as(&sql), &args)
                    .bind(filter.limit.clamp(1, 1000))
                    .bind(filter.offset.max(0))
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                let items = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>()?;
                Ok((total, items))
            }

            async fn interpretations_of(
                &self,
                id: i64,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::PublicationListItem>> {
                let sql = format!(
                    "SELECT {} FROM publications WHERE interprets_id = $1 AND state = 'published' ORDER BY id",
                    $crate::catalog_rows::PUB_LIST_COLS
                );
                let rows: Vec<$crate::catalog_rows::PubListRow> =
                    sqlx::query_as(&sql).bind(id).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn attachments(
                &self,
                publication_id: i64,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::Attachment>> {
                let sql = format!(
                    "SELECT {} FROM publication_files WHERE publication_id = $1 ORDER BY id",
                    $crate::catalog_rows::FILE_COLS
                );
                let rows: Vec<$crate::catalog_rows::FileRow> = sqlx::query_as(&sql)
                    .bind(publication_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn get_attachment(
                &self,
                id: i64,
            ) -> gongkai_store::StoreResult<Option<(gongkai_store::Attachment, Vec<u8>)>> {
                let sql = format!("SELECT {} FROM publication_files WHERE id = $1", $crate::catalog_rows::FILE_COLS);
                let row: Option<$crate::catalog_rows::FileRow> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                let Some(row) = row else { return Ok(None) };
                let (data,): (Vec<u8>,) = sqlx::query_as("SELECT data FROM catalog_blobs WHERE sha256 = $1")
                    .bind(&row.sha256)
                    .fetch_one(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(Some((row.into(), data)))
            }

            async fn catalog_settings(
                &self,
                agency_id: i64,
            ) -> gongkai_store::StoreResult<gongkai_store::CatalogSettings> {
                let sql = format!(
                    "SELECT {} FROM catalog_settings WHERE agency_id = $1",
                    $crate::catalog_rows::SETTINGS_COLS
                );
                let row: Option<$crate::catalog_rows::SettingsRow> = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(row.map(Into::into).unwrap_or_else(|| $crate::catalog_rows::default_settings(agency_id)))
            }

            async fn put_catalog_settings(
                &self,
                actor: &gongkai_store::Actor,
                agency_id: i64,
                expected_version: i64,
                guide: String,
                index_template: String,
                scan_words: String,
            ) -> gongkai_store::StoreResult<gongkai_store::CatalogSettings> {
                let mut tx = self.begin_write().await?;
                let current: Option<(i64,)> =
                    sqlx::query_as("SELECT version FROM catalog_settings WHERE agency_id = $1")
                        .bind(agency_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                if current.map(|(v,)| v).unwrap_or(0) != expected_version {
                    return Err(gongkai_store::StoreError::Conflict("version"));
                }
                let now = chrono::Utc::now();
                let sql = format!(
                    "INSERT INTO catalog_settings (agency_id, guide, index_template, scan_words, version, updated_at) \
                     VALUES ($1, $2, $3, $4, 1, $5) ON CONFLICT (agency_id) DO UPDATE SET guide = $2, \
                     index_template = $3, scan_words = $4, version = catalog_settings.version + 1, updated_at = $5 \
                     RETURNING {}",
                    $crate::catalog_rows::SETTINGS_COLS
                );
                let row: $crate::catalog_rows::SettingsRow = sqlx::query_as(&sql)
                    .bind(agency_id)
                    .bind(&guide)
                    .bind(&index_template)
                    .bind(&scan_words)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "catalog_settings", "agency"))?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "catalog.settings".into(),
                    subject: format!("agency:{agency_id}"),
                    agency_id: Some(agency_id),
                    before: String::new(),
                    after: serde_json::json!({"index_template": index_template, "guide_chars": guide.chars().count()})
                        .to_string(),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(row.into())
            }

            async fn catalog_marker(&self) -> gongkai_store::StoreResult<String> {
                let (n, v): (i64, i64) = sqlx::query_as(
                    "SELECT COUNT(*), CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM publications",
                )
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(format!("{n}:{v}"))
            }
        }
    };
}
