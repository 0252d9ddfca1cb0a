# Teksten van de Discord-koppeling: opties van slash-opdrachten, overzichten en fouten bij
# het insturen van bestanden. Namen en beschrijvingen van opdrachten staan in conversation.ftl,
# die van de subopdrachten van /checklist hier.

## Overzichten

# $part: number of this message part; $parts: number of parts
discord-digest-part = Deel { $part } van { $parts }
discord-urgent-mention = Dringend beveiligingsbericht voor deze server.

## Opties van slash-opdrachten: een naam (kleine letters, geen spaties, hoogstens 32 tekens)
## en een beschrijving (hoogstens 100 tekens)

discord-option-tier-name = niveau
discord-option-tier = Hoeveel technische details u wilt
discord-option-language-name = taal
discord-option-language = De taal van de berichten
discord-option-cadence-name = frequentie
discord-option-cadence = Hoe vaak overzichten komen
discord-option-weekday-name = weekdag
discord-option-weekday = Dag van het wekelijkse overzicht
discord-option-time-name = tijd
discord-option-time = Tijdstip van het overzicht, zoals 07:30
discord-option-include-name = alleen
discord-option-include = Alleen berichten over deze producten, zoals magento,woocommerce
discord-option-exclude-name = zonder
discord-option-exclude = Laat berichten over deze producten weg
discord-option-lower-name = lager
discord-option-lower = Neem ook berichten van minder technische niveaus op
discord-option-id-name = id
discord-option-id = Kenmerk van het bericht, zoals NCSC-2025-0259
discord-option-file-name = bestand
discord-option-file = Het bestand dat u instuurt
discord-option-import-file = De ingevulde vragenlijst als CSV-bestand
discord-option-section-name = onderdeel
discord-option-section = Een onderdeel van de checklist; zonder: alle onderdelen
discord-option-supplier-name = leverancier
discord-option-supplier = Naam van de leverancier, zoals Pakketdienst BV
discord-option-export-language = De taal van de vragenlijst; zonder: de taal van deze chat
discord-option-format-name = formaat
discord-option-format = CSV om in te vullen (standaard) of Markdown om te lezen
discord-option-question-name = vraag
discord-option-question = Uw vraag, zoals: hoe lang moet een wachtwoord zijn?

discord-choice-format-csv = CSV (om in te vullen)
discord-choice-format-markdown = Markdown (om te lezen)

## Subopdrachten van /checklist: een naam (zoals bij opties) en een beschrijving

discord-command-checklist-view-name = bekijk
discord-command-checklist-view = De onderdelen en hun vragen bekijken
discord-command-checklist-start-name = start
discord-command-checklist-start = De vragen één voor één beantwoorden, per leverancier
discord-command-checklist-resume-name = verder
discord-command-checklist-resume = Verdergaan met een bewaarde checklist
discord-command-checklist-reset-name = wis
discord-command-checklist-reset = De bewaarde antwoorden voor een leverancier wissen
discord-command-checklist-export-name = exporteer
discord-command-checklist-export = De vragenlijst als bestand om naar een leverancier te sturen
discord-command-checklist-import-name = importeer
discord-command-checklist-import = Een ingevulde vragenlijst inlezen voor een samenvatting met advies

discord-choice-cadence-instant = Direct
discord-choice-cadence-daily = Dagelijks
discord-choice-cadence-weekly = Wekelijks

## Fouten

discord-error = Er ging iets mis bij het antwoorden. Probeer het over een minuut opnieuw.
# $name: file name as sent; $max: maximum size in kilobytes
discord-upload-too-large = Het bestand { $name } is te groot: het mag hoogstens { $max } kB zijn.
discord-upload-failed = Het bestand kon niet van Discord worden opgehaald. Stuur het opnieuw.

## Opdrachten voor staf
discord-option-member-name = lid
discord-option-member = Het lid
discord-option-organisation-name = organisatie
discord-option-organisation = De organisatie van het lid, zoals Pakketdienst BV
discord-command-channel-tlp-name = tlp
discord-command-channel-tlp = Toon of stel het hoogste TLP-label in dat dit kanaal ontvangt
discord-option-level-name = niveau
discord-option-level = Het hoogste TLP-label; zonder label ziet u het huidige
discord-option-confirm_verified-name = alle_geverifieerd
discord-option-confirm_verified = Bevestig dat alle leden van dit kanaal geverifieerd zijn (nodig voor AMBER)
discord-option-message-name = bericht
discord-option-message = De tekst van de mededeling, hoogstens 1800 tekens
discord-option-schedule-name = tijdstip
discord-option-schedule = Later versturen: datum en tijd in Nederlandse tijd, zoals 2026-12-06 09:00
discord-option-announcement-name = mededeling
discord-option-announcement = Het nummer van de mededeling
discord-option-entries-name = regels
discord-option-entries = Aantal regels, van 1 tot en met 50 (standaard 10)

## Meldingen
discord-option-text-name = tekst
discord-option-text = Wat u zag, in uw eigen woorden
discord-option-link-name = link
discord-option-link = Een link die u zag, zoals een phishingpagina; de bot opent hem nooit
discord-option-indicators-name = indicatoren
discord-option-indicators = IP-adressen, domeinen, hashes of e-mailadressen, gescheiden door spaties
discord-option-number-name = nummer
discord-option-number = Het nummer van de melding
discord-option-reason-name = reden
discord-option-reason = Waarom de melding is afgewezen; het lid ontvangt deze tekst
