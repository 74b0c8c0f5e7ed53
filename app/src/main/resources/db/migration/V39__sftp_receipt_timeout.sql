-- Issue 21: "the job is DONE when the rename succeeded and, where the partner writes receipts, when the receipt
-- arrived". How long to wait for a drop's receipt, in seconds; null: the partner writes none (DONE at the rename).
alter table institution_sftp add column receipt_timeout_seconds bigint;
