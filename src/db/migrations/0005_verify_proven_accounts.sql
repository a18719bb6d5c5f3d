-- Accounts whose owner already set a password through a one-time link (a team invitation,
-- create-organiser or a reset) proved their address. Accounts made by signing up did not:
-- they stay unverified, and their next login mails them a link to confirm the address.
UPDATE "users" SET "email_verified_at" = "proved"."at"
FROM (
  SELECT "user_id", min("used_at") AS "at" FROM "user_tokens"
  WHERE "used_at" IS NOT NULL AND "purpose" IN ('set-password', 'reset-password')
  GROUP BY "user_id"
) AS "proved"
WHERE "proved"."user_id" = "users"."id" AND "users"."email_verified_at" IS NULL;
