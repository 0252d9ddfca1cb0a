# Texts of the ketenwacht command line (staff-facing).

cli-error = Fout
cli-error-cause = oorzaak
cli-migrated = Database { $database } is bijgewerkt naar het nieuwste schema.

cli-ingest-counts = { $source }: { $new } nieuw, { $updated } bijgewerkt, { $unchanged } ongewijzigd
cli-ingest-partial = { $source }: { $new } nieuw, { $updated } bijgewerkt, { $unchanged } ongewijzigd; deels mislukt: { $reason }
cli-ingest-not-modified = { $source }: ongewijzigd sinds de vorige keer (304)
cli-ingest-catalog = { $source }: catalogus met { $entries } actief misbruikte CVE's geladen, { $reclassified } adviezen opnieuw ingedeeld
cli-ingest-failed = { $source }: mislukt: { $reason }

cli-source-added = Bron { $source } ({ $kind }) is toegevoegd.
cli-source-removed = Bron { $source } is verwijderd; de advisories die zij aanleverde blijven bewaard.
cli-source-in-config = Let op: { $source } staat ook in het configuratiebestand en komt bij de volgende start terug. Haal hem daar ook weg.
cli-source-skipped = Bron { $source } bestaat al (zelfde naam of adres) en is overgeslagen.
cli-opml-imported = { $count } bronnen geïmporteerd.
cli-sources-empty = Er zijn geen bronnen ingesteld. Voeg er een toe met `ketenwacht sources add`.
cli-status-ok = in orde
cli-status-failing = mislukt
cli-status-never-fetched = nog niet opgehaald
cli-source-line = { $source } ({ $kind }): { $status }; laatst gelukt: { $lastsuccess }; fouten op rij: { $failures }; items gezien: { $items }; { $url }
cli-source-last-error = { "  " }laatste fout: { $reason }

cli-advisories-empty = Er zijn nog geen advisories opgeslagen. Haal ze op met `ketenwacht ingest --once`.
cli-advisory-not-found = Advisory { $id } is niet gevonden. Bekijk de opgeslagen advisories met `ketenwacht advisories list`.
cli-reason-invalid = Geef met --reason een reden op van 1 tot { $max } tekens.
cli-tier-set = Advisory { $id } is ingedeeld bij niveau { $tier }; dit blijft zo bij latere versies.
cli-max-chars-invalid = --max-chars moet minstens { $min } zijn.

cli-field-source = Bronnen
cli-field-url = Adres
cli-field-revisions = Versies
cli-field-products = Producten
cli-field-cves = CVE's
cli-field-tlp = TLP
cli-field-ecommerce = Relevant voor webshops
cli-field-reasons = Redenen
cli-field-override = Niveau handmatig gezet

cli-chat-welcome = Ketenwacht in de terminal. Typ /start of /help, een nummer om een keuze te maken, en Ctrl-D om te stoppen.
# $folder: de map zoals opgegeven met --files
cli-chat-files-missing = De map { $folder } voor bestanden bestaat niet. Maak hem aan of kies een andere met --files.
cli-chat-files-not-folder = { $folder } is een bestand, geen map. Kies een map voor bestanden met --files.
cli-subscriptions-empty = Er zijn geen abonnementen.
cli-subscription-saved = Abonnement voor { $chat } opgeslagen (niveau { $tier }).
cli-subscription-removed = Abonnement voor { $chat } verwijderd.
cli-subscription-missing = { $chat } heeft geen abonnement.
cli-outbox-empty = Er staan geen berichten in de wachtrij.
cli-audit-empty = Het auditlog is leeg: niemand heeft nog rollen, hoogste TLP-labels van chats, mededelingen of instellingen van abonnementen gewijzigd.
cli-since-invalid = --since mag hoogstens { $max } dagen terug reiken, zoals 7d of 30d.
cli-subscription-webhook-only = Alleen webhook-chats worden hier aangemeld. Chats in Telegram, Discord of de terminal melden zich zelf aan met /aanmelden; { $chat } dus ook.
cli-subscription-exists = { $chat } heeft al een abonnement. Gebruik --replace om het te vervangen.
cli-submissions-purged = { $drafts } niet-verstuurde concepten verwijderd en de identiteit van de melder uit { $identities } meldingen verwijderd.
