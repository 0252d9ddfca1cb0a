# Texts of the ketenwacht command line (staff-facing).

cli-error = Error
cli-error-cause = cause
cli-migrated = Database { $database } is on the newest schema.

cli-ingest-counts = { $source }: { $new } new, { $updated } updated, { $unchanged } unchanged
cli-ingest-partial = { $source }: { $new } new, { $updated } updated, { $unchanged } unchanged; partly failed: { $reason }
cli-ingest-not-modified = { $source }: not modified since the last poll (304)
cli-ingest-catalog = { $source }: loaded a catalog of { $entries } actively exploited CVEs, reclassified { $reclassified } advisories
cli-ingest-failed = { $source }: failed: { $reason }

cli-source-added = Added source { $source } ({ $kind }).
cli-source-removed = Removed source { $source }; the advisories it brought are kept.
cli-source-in-config = Note: { $source } is also in the config file and returns at the next start. Remove it there too.
cli-source-skipped = Source { $source } already exists (same name or address) and was skipped.
cli-opml-imported = Imported { $count } sources.
cli-sources-empty = No sources are configured. Add one with `ketenwacht sources add`.
cli-status-ok = ok
cli-status-failing = failing
cli-status-never-fetched = never fetched
cli-source-line = { $source } ({ $kind }): { $status }; last success: { $lastsuccess }; failures in a row: { $failures }; items seen: { $items }; { $url }
cli-source-last-error = { "  " }last error: { $reason }

cli-advisories-empty = No advisories are stored yet. Fetch them with `ketenwacht ingest --once`.
cli-advisory-not-found = Advisory { $id } not found. List the stored advisories with `ketenwacht advisories list`.
cli-reason-invalid = Give a reason of 1 to { $max } characters with --reason.
cli-tier-set = Advisory { $id } is now tier { $tier }; this holds for later versions too.
cli-max-chars-invalid = --max-chars must be at least { $min }.

cli-field-source = Sources
cli-field-url = Address
cli-field-revisions = Versions
cli-field-products = Products
cli-field-cves = CVEs
cli-field-tlp = TLP
cli-field-ecommerce = Relevant to webshops
cli-field-reasons = Reasons
cli-field-override = Tier set by staff

cli-chat-welcome = Ketenwacht in the terminal. Type /start or /help, a number to pick a choice, and Ctrl-D to leave.
# $folder: the folder as given with --files
cli-chat-files-missing = The files folder { $folder } does not exist. Create it or choose another with --files.
cli-chat-files-not-folder = { $folder } is a file, not a folder. Choose a folder for files with --files.
cli-subscriptions-empty = There are no subscriptions.
cli-subscription-saved = Saved the subscription of { $chat } (tier { $tier }).
cli-subscription-removed = Removed the subscription of { $chat }.
cli-subscription-missing = { $chat } has no subscription.
cli-outbox-empty = The outbox holds no messages.
cli-audit-empty = The audit log is empty: nobody has changed roles, chat TLP ceilings, announcements or subscription settings yet.
cli-since-invalid = --since may reach back at most { $max } days, such as 7d or 30d.
cli-subscription-webhook-only = Only webhook chats are subscribed here. Chats on Telegram, Discord or the terminal subscribe themselves with /subscribe, and so does { $chat }.
cli-subscription-exists = { $chat } already has a subscription. Use --replace to replace it.
cli-submissions-purged = Deleted { $drafts } unsent drafts and removed the submitter's identity from { $identities } submissions.
