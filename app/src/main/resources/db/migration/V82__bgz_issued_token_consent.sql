-- Tokens issued by the consent flow (issue 19, docs/bgz.md "Access, consent, shielding, audit"): the token endpoint
-- issues another institution a token for one patient who consented to the BgZ on request. Such a token has no
-- referral (every read with it asks the patient's consent again); task_id holds the issuance's own UUID, which its
-- audit event names. Tokens of Notified Pull Tasks keep their referral. Valid on PostgreSQL and on H2 in PostgreSQL
-- mode.
alter table bgz_issued_token alter column referral drop not null;
