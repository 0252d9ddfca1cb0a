# Wat Ketenwacht over een lid bewaart (mijngegevens), het wissen daarvan (vergeetmij), en het
# logboek in de chat (logboek, alleen voor staf). De lezers zijn leden, en staf bij het logboek.

conversation-command-audit = Staf: toon de nieuwste regels van het logboek
conversation-example-audit = /logboek 20

member-data-private-only = Stuur deze opdracht in uw privéchat met de bot, zodat niemand anders uw gegevens leest.
# $member: het platform en gebruikers-id van het lid, zoals telegram:123456789
member-data-who = Over u bewaard ({ $member }):
# $summary: de instellingen van de aanmelding
member-data-subscription = Aanmelding van deze chat: { $summary }
member-data-no-subscription = Aanmelding van deze chat: geen.
# $language: de naam van een taal, zoals Nederlands
member-data-language = Gekozen taal van deze chat: { $language }
# $organisation: de naam van de organisatie; $when: de datum van de verificatie
member-data-verified = Verificatie: voor { $organisation }, op { $when }.
member-data-not-verified = Verificatie: geen.
# $count: het aantal bewaarde checklists; $suppliers: de namen van de leveranciers
member-data-checklists = { $count ->
    [one] Checklists voor leveranciers: 1 ({ $suppliers }).
   *[other] Checklists voor leveranciers: { $count } ({ $suppliers }).
}
# $count: het aantal logboekregels hieronder
member-data-submissions = { $count ->
    [0] Uw meldingen: geen.
    [one] Uw meldingen: 1 ({ $numbers }).
   *[other] Uw meldingen: { $count } ({ $numbers }).
}
member-data-audit = { $count ->
    [0] Regels over u in het logboek: geen.
    [one] Regels over u in het logboek: 1, hieronder.
   *[other] Regels over u in het logboek: { $count }, hieronder (hoogstens 50, nieuwste eerst).
}
member-data-forget-hint = Typ /vergeetmij om dit te laten wissen.

member-data-forget-confirm = Wilt u dat Ketenwacht u vergeet? Dit wist de aanmelding en instellingen van deze chat, uw checklists voor leveranciers, uw verificatie en de berichten die nog voor deze chat klaarstaan, en haalt uw naam uit het logboek. Aanmeldingen van groepen en kanalen blijven, omdat die bij de groep horen.
member-data-choice-forget = Ja, vergeet mij
# $runs: het aantal gewiste checklists; $entries: het aantal logboekregels zonder naam
member-data-forgotten = Klaar: Ketenwacht is u vergeten. De aanmelding en instellingen van deze chat, { $runs } checklists voor leveranciers en uw verificatie zijn gewist, en uw naam is uit { $entries } regels van het logboek en { $submissions } meldingen gehaald.
member-data-shared-stay = Aanmeldingen van groepen en kanalen waar u in zit, blijven, omdat die bij de groep horen; hun beheerders kunnen ze stoppen met /afmelden.

audit-usage = Typ /logboek, of /logboek met het aantal regels erachter, zoals: /logboek 20
# $value: wat getypt is; $maximum: het maximale aantal regels
audit-count-invalid = "{ $value }" is geen aantal regels. Typ een getal van 1 tot en met { $maximum }, zoals: /logboek 20
audit-empty = Het logboek is leeg.
# $count: het aantal getoonde regels
audit-title = { $count ->
    [one] De nieuwste regel van het logboek (Nederlandse tijd):
   *[other] De nieuwste { $count } regels van het logboek, nieuwste eerst (Nederlandse tijd):
}
audit-forgotten-member = vergeten lid
audit-action-verify = lid geverifieerd
audit-action-unverify = verificatie ingetrokken
audit-action-chat-tlp = TLP-plafond van chat ingesteld
audit-action-subscribe = aangemeld
audit-action-unsubscribe = afgemeld
audit-action-set-tier = niveau gewijzigd
audit-action-set-language = taal gewijzigd
audit-action-set-cadence = ritme gewijzigd
audit-action-announce-create = mededeling opgesteld
audit-action-announce-confirm = mededeling bevestigd
audit-action-announce-withdraw = mededeling ingetrokken
audit-action-forget = lid vergeten op verzoek
audit-action-submission-approve = melding van lid goedgekeurd
audit-action-submission-reject = melding van lid afgewezen
audit-action-submission-tier = lezers van melding gewijzigd
audit-action-submission-tlp = TLP-label van melding gewijzigd
