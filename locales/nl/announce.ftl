# Mededelingen van de staf: schrijven, publiek kiezen, voorbeeld, bevestigen en intrekken. De
# lezers zijn de stafleden van de vereniging, behalve bij de kop, die elke ontvangende chat
# boven de tekst van de staf leest.

conversation-command-announce = Staf: stuur een mededeling naar de aangemelde chats
conversation-command-withdraw = Staf: trek een mededeling in die nog niet is verstuurd
conversation-example-announce = /aankondigen op 2026-12-06 09:00 De ledenvergadering begint om 19.30 uur.
conversation-example-withdraw = /intrekken 12

announce-heading = Mededeling van de vereniging

announce-usage = Typ de tekst na de opdracht, zoals: /aankondigen De ledenvergadering begint om 19.30 uur. Wilt u hem later laten versturen, begin dan met de datum en tijd in Nederlandse tijd: /aankondigen op 2026-12-06 09:00 De ledenvergadering begint om 19.30 uur.
# $length: het aantal getypte tekens; $maximum: het maximum
announce-too-long = De mededeling heeft { $length } tekens, meer dan het maximum van { $maximum }. Maak hem korter en stuur hem opnieuw.
# $value: de datum en tijd zoals getypt
announce-schedule-invalid = "{ $value }" is geen datum en tijd. Schrijf die als JJJJ-MM-DD UU:MM in Nederlandse tijd, zoals: /aankondigen op 2026-12-06 09:00 Tekst
announce-schedule-skipped = { $value } bestaat niet in Nederlandse tijd, omdat de klok dan vooruit gaat. Kies een andere tijd.
announce-schedule-past = { $value } (Nederlandse tijd) is al voorbij. Kies een tijd in de toekomst.
# $days: het maximale aantal dagen vooruit
announce-schedule-too-far = { $value } ligt meer dan { $days } dagen vooruit. Kies een eerdere tijd.
announce-schedule-no-text = Typ de mededeling na de datum en tijd.
announce-schedule-passed = De tijd waarvoor deze mededeling gepland stond, is voorbij. Stuur hem opnieuw met een nieuwe tijd.

# $id: het nummer van de mededeling
announce-audience-title = Mededeling { $id } is bewaard als concept. Kies wie hem ontvangt; een ✓ markeert wat meedoet.
# $when: een datum en tijd, zoals 6 december 2026 09:00 CET
announce-scheduled-for = Hij wordt verstuurd op { $when }.
# $chats: het aantal chats dat het gekozen publiek bereikt
announce-audience-reach = { $chats ->
    [one] Dit publiek bereikt 1 chat.
   *[other] Dit publiek bereikt { $chats } chats.
}
announce-choice-everyone = Iedereen
announce-choice-preview = Voorbeeld
announce-choice-change = Publiek wijzigen
announce-choice-send = Nu versturen
announce-choice-schedule = Inplannen voor { $when }
announce-platform-telegram = Telegram
announce-platform-discord = Discord
announce-platform-terminal = Terminal
announce-platform-webhook = Webhook

announce-preview-title = Voorbeeld van mededeling { $id }, zoals elk publiek hem ontvangt:
# $language: de naam van een taal; $chats: het aantal chats; $platforms: chats per platform, zoals Telegram 2, Discord 1
announce-preview-audience = { $chats ->
    [one] Chats in het { $language }: 1 ({ $platforms }). Zij ontvangen:
   *[other] Chats in het { $language }: { $chats } ({ $platforms }). Zij ontvangen:
}
announce-nobody = Geen enkele aangemelde chat valt binnen dit publiek. Kies minstens één niveau, platform en taal met aanmeldingen.

announce-confirmed = { $chats ->
    [one] Mededeling { $id } gaat naar 1 chat, vanaf { $when }. Typ /intrekken { $id } om tegen te houden wat nog niet is verstuurd.
   *[other] Mededeling { $id } gaat naar { $chats } chats, vanaf { $when }. Typ /intrekken { $id } om tegen te houden wat nog niet is verstuurd.
}
announce-already-confirmed = Mededeling { $id } is al bevestigd. Typ /intrekken { $id } om tegen te houden wat nog niet is verstuurd.
announce-already-withdrawn = Mededeling { $id } was al ingetrokken.
announce-not-found = Er is geen mededeling { $id }.

announce-withdraw-usage = Typ het nummer van de mededeling, zoals: /intrekken 12
# $id: wat getypt is
announce-id-invalid = "{ $id }" is geen nummer van een mededeling. Typ het nummer, zoals: /intrekken 12
# $removed: teruggehaalde berichten; $gone: berichten die al verstuurd zijn of worden
announce-withdrawn = Mededeling { $id } is ingetrokken: { $removed } berichten teruggehaald, { $gone } waren al verstuurd.
announce-draft-withdrawn = Mededeling { $id } was een concept en is nooit verstuurd. Hij is ingetrokken en kan niet meer worden bevestigd.
announce-delivered = Mededeling { $id } is helemaal verstuurd ({ $gone } berichten), dus er valt niets meer in te trekken.
