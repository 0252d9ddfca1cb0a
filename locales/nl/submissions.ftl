# Meldingen van leden en de beoordeling ervan. De lezers zijn leden die melden wat zij zagen, en
# de stafleden die meldingen goedkeuren of afwijzen.

conversation-command-moderate = Staf: toon de oudste melding die wacht, of de melding met dit nummer
conversation-example-moderate = /modereren 12
conversation-command-reject = Staf: wijs een melding af met een reden die het lid ontvangt
conversation-example-reject = /afwijzen 12 Dit staat al in het overzicht van vandaag.

submission-off = Meldingen staan uit: de bot heeft er geen sleutel voor om ze te versleutelen. Vraag het de staf van Ketenwacht.
submission-private-only = Meld dit in een privégesprek met de bot, zodat andere leden het niet eerst lezen.
submission-usage = Typ na de opdracht wat u zag, zoals: /melden Nep-betaalpagina op https://pay-update.example.com/
# $count: het aantal getypte tekens; $maximum: het maximale aantal tekens
submission-too-long = Uw melding heeft { $count } tekens, meer dan het maximum van { $maximum }. Maak hem korter en stuur hem opnieuw.
# $maximum: het maximale aantal meldingen per dag
submission-limit = U bent de afgelopen 24 uur { $maximum } meldingen begonnen, verstuurd of niet, en dat is het maximum. Probeert u het morgen opnieuw.

submission-understood = Dit heeft de bot begrepen. Links en indicatoren staan onschadelijk gemaakt, en de bot opent ze nooit.
submission-none = geen
# $link: de onschadelijk gemaakte link, of "geen"; $indicators: de indicatoren, één per regel, of "geen"
submission-details =
    Link: { $link }
    Indicatoren:
    { $indicators }
submission-choose-tlp = Wie mag deze melding zien? Kies een TLP-label.
submission-tlp-clear = TLP:CLEAR: iedereen
submission-tlp-green = TLP:GREEN: de ledengemeenschap
submission-tlp-amber = TLP:AMBER: alleen geverifieerde leden
submission-tlp-amber-strict = TLP:AMBER+STRICT: alleen de staf
submission-tlp-red = TLP:RED: alleen genoemde personen
submission-red-refused = De bot kan TLP:RED niet bewaren: dat label beperkt informatie tot de personen die de deler noemt, en een gedeelde bot kan dat niet garanderen. Kies een ander label, of deel het persoonlijk met de staf.
submission-choose-tier = Bij welke lezers past het het best?
submission-choose-attribution = Andere leden zien wie het meldde, of "een lid". De staf ziet altijd wie u bent.
submission-choice-named = Toon mijn organisatie
submission-choice-anonymous = Blijf anoniem
# How the report is attributed to other members, in summaries and on the card
submission-shown-named = de organisatie die de staf verifieerde, anders "een lid"
submission-shown-anonymous = "een lid" (anoniem)
# $tlp: het gekozen TLP-label; $tier: het gekozen niveau; $attribution: met naam of anoniem
submission-confirm =
    Deze melding naar de staf sturen?
    Label: { $tlp }
    Lezers: { $tier }
    Getoond als: { $attribution }
submission-choice-send = Versturen
submission-choice-cancel = Annuleren
submission-cancelled = Uw melding is verwijderd.
# $id: het nummer van de melding
submission-sent = Dank u. Melding { $id } ligt nu bij de staf. U hoort het van de bot als zij hem afwijzen.
submission-already-sent = Melding { $id } is al naar de staf gestuurd.
submission-not-found = Melding { $id } is geen van uw niet-verstuurde meldingen. Niet-verstuurde meldingen worden na 24 uur verwijderd.

# $user: het gebruikers-id van het lid; $platform: het platform; $organisation: de geverifieerde organisatie
submission-card-submitter-verified = { $user } op { $platform }, geverifieerd voor { $organisation }
submission-card-submitter = { $user } op { $platform }, niet geverifieerd
submission-card-submitter-removed = verwijderd na de bewaartermijn
submission-status-draft = nog niet verstuurd
submission-status-pending = wacht op een besluit
submission-status-approved = goedgekeurd
submission-status-rejected = afgewezen
# $id: het nummer; $status: de status; $submitter: wie het stuurde; $attribution: met naam of anoniem; $tlp: TLP-label; $tier: lezers
submission-card =
    Melding { $id } ({ $status })
    Van: { $submitter }
    Getoond aan leden als: { $attribution }
    Label: { $tlp }
    Lezers: { $tier }
submission-choice-approve = Goedkeuren
# $id: het nummer; $tlp: TLP-label; $tier: lezers
submission-notice =
    Melding { $id } wacht op een besluit.
    Label: { $tlp }
    Lezers: { $tier }
    Druk op de knop of typ /modereren { $id } om hem te lezen.
submission-choice-show = Bekijken
submission-choice-reject = Afwijzen
submission-choice-tier = Lezers wijzigen
submission-choice-tlp = Label wijzigen
submission-choose-tier-staff = Kies de lezers bij wie deze melding past.
submission-choose-tlp-staff = Kies het TLP-label. Met AMBER+STRICT blijft de melding bij de staf.

submission-moderate-usage = Typ /modereren, of /modereren gevolgd door een meldingsnummer, zoals: /modereren 12
submission-none-pending = Er wacht geen melding op een besluit.
submission-not-found-staff = Melding { $id } is niet gevonden.
submission-reject-usage = Typ het nummer en de reden, zoals: /afwijzen 12 Dit staat al in het overzicht van vandaag.
submission-reject-how = Typ /afwijzen { $id } gevolgd door de reden om melding { $id } af te wijzen. Het lid ontvangt de reden.
# $id: het nummer van de melding
submission-unreadable = Melding { $id } kan niet worden gelezen, omdat de sleutel waarmee Ketenwacht meldingen versleutelt is gewijzigd. Laat het de beheerders van Ketenwacht weten.
# $maximum: het maximale aantal tekens
submission-reason-too-long = De reden is te lang: gebruik hoogstens { $maximum } tekens.
submission-rejected = Melding { $id } is afgewezen. Het lid ontvangt de reden als de bot het lid nog kan bereiken. Het besluit staat in het auditlogboek.
# $id: het nummer; $reason: de reden die de staf gaf
submission-rejected-notice =
    De staf heeft uw melding { $id } niet gepubliceerd. De reden:
    { $reason }
# $status: de status van de melding
submission-already-decided = Over melding { $id } is al besloten: { $status }. Er is niets gewijzigd.
submission-strict-stays = Melding { $id } is TLP:AMBER+STRICT en blijft dus bij de staf; hij wordt niet gepubliceerd. Wijzig eerst het label als hij gedeeld mag worden.
# $advisory: het id van het nieuwe advies; $tlp: het TLP-label
submission-approved = Melding { $id } is goedgekeurd en gepubliceerd als advies { $advisory } (TLP:{ $tlp }). Het verschijnt in de volgende overzichten van chats die het mogen ontvangen. Het besluit staat in het auditlogboek.
submission-changed = Melding { $id } is gewijzigd. De wijziging staat in het auditlogboek.

submission-fallback-title = Melding van een lid
submission-indicators-heading = Indicatoren
# $organisation: de geverifieerde organisatie van het lid
submission-reported-by = Gemeld door { $organisation }
submission-reported-by-member = Gemeld door een lid
