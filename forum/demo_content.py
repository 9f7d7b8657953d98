"""The words of the demo forum: Brightwave, a fictional broadband company with a router
app. Kept apart from forum/demo.py, which decides who says what and when."""

DEVICES = ["Hub 3", "Hub 4", "Hub 4 Pro", "Mesh Pod", "the Brightwave app"]

# tag -> [(title with {device}, body with {device})]
QUESTIONS = {
    "wifi": [
        (
            "Wi-Fi keeps dropping every evening on my {device}",
            "Since last week my Wi-Fi drops for a minute or two every evening around 8pm. "
            "The lights on the {device} stay white. Wired connections are fine. I have tried "
            "restarting it and moving it away from the microwave. Anyone else seeing this?",
        ),
        (
            "5 GHz network not showing up after the update on {device}",
            "After last night's firmware update the 5 GHz network has disappeared. Only the "
            "2.4 GHz one is listed on my laptop and phone. Is there a setting I need to turn "
            "back on in the {device}?",
        ),
        (
            "How do I change the Wi-Fi channel on the {device}?",
            "My neighbours all seem to be on the same channel and speeds are awful at night. "
            "I can't find where to pick a channel manually on the {device}. Is it possible?",
        ),
    ],
    "billing": [
        (
            "Moving house: do I pay an early exit fee?",
            "We're moving to an area Brightwave covers. Can I take the contract and the {device} with "
            "me, or do I have to pay to leave and sign up again?",
        ),
        (
            "Charged twice for November on my account with a {device}",
            "My bank statement shows two payments of £32 for November. The account page only "
            "shows one bill. I rent a {device}. How do I get the second payment refunded?",
        ),
        (
            "Why did my monthly price go up without warning?",
            "My bill went from £28 to £34 this month. I did not get any email about a price "
            "change and my contract still has four months left. Is this allowed?",
        ),
        (
            "Can I switch to paperless billing in the app?",
            "I keep getting paper bills in the post even though I ticked paperless when I signed "
            "up. Where is the setting in {device}?",
        ),
    ],
    "router-app": [
        (
            "The Brightwave app says my {device} is offline but internet works",
            "The app shows 'Hub offline' with a red dot, but everything in the house is online "
            "and browsing fine. I have logged out and back in. Is the app broken?",
        ),
        (
            "App crashes when I open the devices list",
            "Every time I tap 'Devices' in the app it closes. Android 15, latest version from "
            "the store. It worked last month. I manage a {device} with it.",
        ),
    ],
    "outage": [
        (
            "Broadband down every night between 2 and 3am",
            "My {device} loses sync every night around 2am and comes back an hour later. I only noticed "
            "because my smart cameras log it. Is this planned maintenance?",
        ),
        (
            "Status page says no outage but my whole street is offline",
            "Four houses on our street have had no internet since lunchtime. The status page is green. "
            "How do we report an area fault rather than five separate ones?",
        ),
        (
            "No internet since this morning: is there an outage in Leeds?",
            "My {device} has a flashing orange light since 7am and there's no connection. The "
            "status page says everything is fine. Neighbours on Brightwave also have nothing.",
        ),
        (
            "How do I get compensation for a three-day outage?",
            "I was without internet from Friday to Monday. I work from home and had to use "
            "mobile data. I read there is automatic compensation: how do I claim it?",
        ),
    ],
    "installation": [
        (
            "Engineer did not turn up for my installation appointment",
            "I took the day off for my installation and nobody came, no call, no message. "
            "The app still says the appointment is 'confirmed'. What do I do now?",
        ),
        (
            "Where should I put the {device} for the best coverage?",
            "Just moved in, three-floor house, the line comes in at the front door. Where is "
            "the best place for the {device}? Would a Mesh Pod help?",
        ),
    ],
    "speed": [
        (
            "Gaming ping spikes every few minutes on the {device}",
            "Ping is 15 ms most of the time but jumps to 300+ every few minutes, on cable too. It "
            "started after the {device} was swapped. Any settings to check?",
        ),
        (
            "Getting 40 Mbps on a 500 Mbps plan with the {device}",
            "Speed tests over Wi-Fi give 40 Mbps and over a cable about 90. I pay for 500. "
            "The {device} is brand new. What should I check before calling?",
        ),
        (
            "Upload speed much lower in the evenings",
            "Upload goes from 50 to under 5 Mbps between 7 and 11pm, which kills my video "
            "calls. Download is fine. Is this traffic management?",
        ),
    ],
    "parental-controls": [
        (
            "Pause button in the app does not pause the {device} clients",
            "When I press Pause for the kids' profile in the app, their devices still load videos for a "
            "few minutes. Is there a delay, or is it not working on the {device}?",
        ),
        (
            "Parental controls schedule ignored on weekends",
            "I set bedtime at 9pm for my son's tablet but on Saturday and Sunday it keeps "
            "working past midnight. Weekdays work. Using the schedule on the {device}.",
        ),
        (
            "Can I block one app but not the whole device?",
            "I want to block a game on my daughter's phone without cutting off her messages. "
            "Does the {device} filter by app or only by device?",
        ),
    ],
    "mesh": [
        (
            "Mesh Pod will not pair with my {device}",
            "The Mesh Pod blinks blue forever when I try to pair it. I've reset it twice and "
            "it's one metre from the {device}. The app says 'searching'.",
        ),
        (
            "Do Mesh Pods work over a wired backhaul?",
            "My house has Ethernet in every room. Can I connect the Mesh Pods to the {device} "
            "with cables instead of wireless? Will it be faster?",
        ),
    ],
    "email": [
        (
            "How do I forward my Brightwave email to Gmail?",
            "I'm moving to Gmail but want to keep receiving mail sent to my old address. Is there "
            "automatic forwarding, and does it cost anything?",
        ),
        (
            "Spam filter is putting my bank's emails in junk",
            "Every statement from my bank lands in the junk folder of my Brightwave email. I've marked "
            "them as 'not spam' many times. Any way to whitelist a sender?",
        ),
        (
            "Brightwave email stopped syncing on my phone",
            "My @brightwave.example email stopped arriving on my iPhone mail app yesterday. "
            "Webmail works. Did the server settings change?",
        ),
    ],
}

# tag -> answers that fit its questions; each a Markdown body.
ANSWERS = {
    "wifi": [
        "I had exactly this. Log in to the hub page at `192.168.1.1`, go to **Wireless > Advanced** and "
        "turn off *Smart Wi-Fi*. Mine has been stable for two weeks since.",
        "Evening drops are often interference from neighbours. Try a fixed channel: 1, 6 or 11 on "
        "2.4 GHz, and 36 or 44 on 5 GHz. The setting is under Wireless.",
        "The update split the bands for me. Check that *Band steering* is on:\n\n1. Open the app\n"
        "2. Settings > Wi-Fi\n3. Turn on **Combine 2.4 and 5 GHz**",
    ],
    "billing": [
        "Double payments usually come back by themselves within 5 working days: the second is a "
        "pre-authorisation. If it doesn't, the chat in the app can refund it on the spot.",
        "Prices go up every April by the rate in your contract (CPI + 3.9%). It should have been in "
        "an email titled *Your price from April*; check your spam folder.",
        "Paperless is under **Account > Bills > Delivery** in the app, not under notifications. It "
        "takes one billing cycle to stop the paper ones.",
    ],
    "router-app": [
        "Sign out, then clear the app's storage (not only the cache) and sign in again. The "
        "offline status is cached on the phone.",
        "This is a known bug in 5.2.0; 5.2.1 fixed the devices list crash for me.",
    ],
    "outage": [
        "Check the area status with your postcode, not the national page: local faults only show "
        "there. Mine listed a cable fault that the main page didn't.",
        "Compensation is automatic after two full days for most contracts; it appears as a credit "
        "on the next bill. If it doesn't, ask in chat and quote the fault reference.",
    ],
    "installation": [
        "Same happened to me. Call rather than chat, ask for the *missed appointment* team; they "
        "rebooked me for two days later and credited £30.",
        "Put the hub as central and as high as you can, away from the TV and the fish tank. With "
        "three floors, a Mesh Pod on the top floor makes a big difference.",
    ],
    "speed": [
        "Test with a cable first; 90 Mbps over cable usually means the laptop's port is 100 Mbps "
        "only. Try another device or a USB 3 adapter.",
        "Check **Settings > Advanced > QoS** in the hub. Turning it off doubled my evening upload.",
    ],
    "parental-controls": [
        "The weekend schedule is a separate tab: set bedtime for Saturday and Sunday too, the "
        "weekday one doesn't carry over.",
        "It filters by device and by website category, not by app. You can block the game's "
        "domains under **Blocked sites** though.",
    ],
    "mesh": [
        "Hold the Pod's button for 10 seconds until it blinks white, then add it from the app "
        "*while standing next to the hub*. The blue blink means it's in the old network.",
        "Yes, wired backhaul works and is faster. Plug the Pod into any Ethernet socket; the app "
        "shows *Wired* next to it when it's used.",
    ],
    "email": [
        "The server changed to `mail.brightwave.example`, port 993 with SSL. Delete and re-add "
        "the account on the phone.",
    ],
}

OFFICIAL_NOTE = (
    "Thanks for raising this. I've checked on our side and passed the details to the team; "
    "the steps above are the right fix, and if they don't work for you, reply here and we'll "
    "look at your line directly."
)
