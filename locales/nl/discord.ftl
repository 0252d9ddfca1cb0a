# Teksten van de Discord-koppeling: opties van slash-opdrachten, overzichten en fouten bij
# het insturen van bestanden. Namen en beschrijvingen van opdrachten staan in conversation.ftl.

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

discord-choice-cadence-instant = Direct
discord-choice-cadence-daily = Dagelijks
discord-choice-cadence-weekly = Wekelijks

## Fouten

discord-error = Er ging iets mis bij het antwoorden. Probeer het over een minuut opnieuw.
# $name: file name as sent; $max: maximum size in kilobytes
discord-upload-too-large = Het bestand { $name } is te groot: het mag hoogstens { $max } kB zijn.
discord-upload-failed = Het bestand kon niet van Discord worden opgehaald. Stuur het opnieuw.
