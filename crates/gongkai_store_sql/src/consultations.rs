//! [`gongkai_store::PublicConsultationStore`] for both backends (`impl_consultation_store!`).

use gongkai_domain::public_consultation::{Adoption, PublicConsultationKind};
use gongkai_store::StoreError;

pub(crate) const COLS: &str = "id, agency_id, kind, title, summary, body, opens_on, closes_on, feedback, \
     feedback_published_on, final_publication_id, created_by, created_at";
pub(crate) const COMMENT_COLS: &str =
    "id, consultation_id, name, body, created_at, decision, reason, decided_by";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub id: i64,
    pub agency_id: i64,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub opens_on: chrono::NaiveDate,
    pub closes_on: chrono::NaiveDate,
    pub feedback: String,
    pub feedback_published_on: Option<chrono::NaiveDate>,
    pub final_publication_id: Option<i64>,
    pub created_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

impl TryFrom<Row> for gongkai_store::PublicConsultation {
    type Error = StoreError;
    fn try_from(r: Row) -> Result<Self, StoreError> {
        Ok(Self {
            id: r.id,
            agency_id: r.agency_id,
            kind: PublicConsultationKind::from_key(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("consultation {} kind {:?}", r.id, r.kind)))?,
            title: r.title,
            summary: r.summary,
            body: r.body,
            opens_on: r.opens_on,
            closes_on: r.closes_on,
            feedback: r.feedback,
            feedback_published_on: r.feedback_published_on,
            final_publication_id: r.final_publication_id,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CommentRow {
    pub id: i64,
    pub consultation_id: i64,
    pub name: String,
    pub body: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub decision: Option<String>,
    pub reason: String,
    pub decided_by: String,
}

impl TryFrom<CommentRow> for gongkai_store::PublicConsultationComment {
    type Error = StoreError;
    fn try_from(r: CommentRow) -> Result<Self, StoreError> {
        let decision = match &r.decision {
            Some(d) => Some(
                Adoption::from_key(d)
                    .ok_or_else(|| StoreError::Corrupt(format!("comment {} decision {d:?}", r.id)))?,
            ),
            None => None,
        };
        Ok(Self {
            id: r.id,
            consultation_id: r.consultation_id,
            name: r.name,
            body: r.body,
            created_at: r.created_at,
            decision,
            reason: r.reason,
            decided_by: r.decided_by,
        })
    }
}

macro_rules! impl_consultation_store {
    ($ty:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl gongkai_store::PublicConsultationStore for $ty {
            async fn create_consultation(
                &self,
                actor: &gongkai_store::Actor,
                new: gongkai_store::NewPublicConsultation,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicConsultation> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "INSERT INTO consultations (agency_id, kind, title, summary, body, opens_on, closes_on, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {}",
                    $crate::consultations::COLS
                );
                let row: $crate::consultations::Row = sqlx::query_as(&sql)
                    .bind(new.agency_id)
                    .bind(new.kind.key())
                    .bind(&new.title)
                    .bind(&new.summary)
                    .bind(&new.body)
                    .bind(new.opens_on)
                    .bind(new.closes_on)
                    .bind(&actor.name)
                    .bind(chrono::Utc::now())
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "consultation", "agency"))?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "consultation.create".into(),
                    subject: format!("consultation:{}", row.id),
                    agency_id: Some(new.agency_id),
                    before: String::new(),
                    after: format!("{}（{} 至 {}）", new.title, new.opens_on, new.closes_on),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                row.try_into()
            }

            async fn get_consultation(&self, id: i64) -> gongkai_store::StoreResult<Option<gongkai_store::PublicConsultation>> {
                let sql = format!("SELECT {} FROM consultations WHERE id = $1", $crate::consultations::COLS);
                let row: Option<$crate::consultations::Row> =
                    sqlx::query_as(&sql).bind(id).fetch_optional(&self.pool).await.map_err($crate::db_err)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn list_consultations(
                &self,
                agency_ids: &[i64],
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::PublicConsultation>> {
                let sql = format!(
                    "SELECT {} FROM consultations ORDER BY opens_on DESC, id DESC",
                    $crate::consultations::COLS
                );
                let rows: Vec<$crate::consultations::Row> =
                    sqlx::query_as(&sql).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter()
                    .filter(|r| agency_ids.is_empty() || agency_ids.contains(&r.agency_id))
                    .map(TryInto::try_into)
                    .collect()
            }

            async fn add_comment(
                &self,
                consultation_id: i64,
                name: &str,
                body: &str,
                duplicate_key: &str,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicConsultationComment> {
                let sql = format!(
                    "INSERT INTO consultation_comments (consultation_id, name, body, duplicate_key, created_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING {}",
                    $crate::consultations::COMMENT_COLS
                );
                let row: $crate::consultations::CommentRow = sqlx::query_as(&sql)
                    .bind(consultation_id)
                    .bind(name)
                    .bind(body)
                    .bind(duplicate_key)
                    .bind(chrono::Utc::now())
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| $crate::map_err(e, "comment_duplicate", "consultation"))?;
                row.try_into()
            }

            async fn list_comments(
                &self,
                consultation_id: i64,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::PublicConsultationComment>> {
                let sql = format!(
                    "SELECT {} FROM consultation_comments WHERE consultation_id = $1 ORDER BY id",
                    $crate::consultations::COMMENT_COLS
                );
                let rows: Vec<$crate::consultations::CommentRow> =
                    sqlx::query_as(&sql).bind(consultation_id).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn decide_comment(
                &self,
                actor: &gongkai_store::Actor,
                comment_id: i64,
                decision: gongkai_domain::public_consultation::Adoption,
                reason: &str,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicConsultationComment> {
                let mut tx = self.begin_write().await?;
                let found: Option<(i64, i64, Option<chrono::NaiveDate>, Option<String>)> = sqlx::query_as(
                    "SELECT c.id, c.agency_id, c.feedback_published_on, m.decision FROM consultation_comments m \
                     JOIN consultations c ON c.id = m.consultation_id WHERE m.id = $1",
                )
                .bind(comment_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                let Some((cid, agency_id, published, before)) = found else {
                    return Err(gongkai_store::StoreError::NotFound("comment"));
                };
                if published.is_some() {
                    return Err(gongkai_store::StoreError::Conflict("feedback_published"));
                }
                let sql = format!(
                    "UPDATE consultation_comments SET decision = $1, reason = $2, decided_by = $3, decided_at = $4 \
                     WHERE id = $5 RETURNING {}",
                    $crate::consultations::COMMENT_COLS
                );
                let row: $crate::consultations::CommentRow = sqlx::query_as(&sql)
                    .bind(decision.key())
                    .bind(reason)
                    .bind(&actor.name)
                    .bind(chrono::Utc::now())
                    .bind(comment_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "consultation.decide_comment".into(),
                    subject: format!("consultation:{cid}:comment:{comment_id}"),
                    agency_id: Some(agency_id),
                    before: before.unwrap_or_default(),
                    after: format!("{}：{}", decision.label(), reason),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                row.try_into()
            }

            async fn publish_feedback(
                &self,
                actor: &gongkai_store::Actor,
                consultation_id: i64,
                feedback: &str,
                final_publication_id: Option<i64>,
                on: chrono::NaiveDate,
            ) -> gongkai_store::StoreResult<gongkai_store::PublicConsultation> {
                let mut tx = self.begin_write().await?;
                let sql = format!(
                    "UPDATE consultations SET feedback = $1, final_publication_id = $2, feedback_published_on = $3 \
                     WHERE id = $4 AND feedback_published_on IS NULL RETURNING {}",
                    $crate::consultations::COLS
                );
                let row: Option<$crate::consultations::Row> = sqlx::query_as(&sql)
                    .bind(feedback)
                    .bind(final_publication_id)
                    .bind(on)
                    .bind(consultation_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::map_err(e, "consultation", "publication"))?;
                let Some(row) = row else {
                    return Err(gongkai_store::StoreError::Conflict("feedback_published"));
                };
                Self::append_audit(&mut tx, actor, gongkai_store::AuditEvent {
                    action: "consultation.publish_feedback".into(),
                    subject: format!("consultation:{consultation_id}"),
                    agency_id: Some(row.agency_id),
                    before: String::new(),
                    after: format!("采纳情况发布于 {on}"),
                })
                .await?;
                tx.commit().await.map_err($crate::db_err)?;
                row.try_into()
            }
        }
    };
}
