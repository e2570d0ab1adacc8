"""Vocabulary for the generated service desk: names, places, and what breaks in an office."""

from __future__ import annotations

from typing import NamedTuple

FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Priya",
    "Arjun",
    "Mei",
    "Hiroshi",
    "Fatima",
    "Omar",
    "Lena",
    "Lukas",
    "Sofia",
    "Mateo",
    "Chloe",
    "Noah",
    "Emma",
    "Liam",
    "Olivia",
    "Ethan",
    "Ava",
    "Mason",
    "Isabella",
    "Lucas",
    "Zara",
    "Kwame",
    "Amara",
    "Diego",
    "Elena",
    "Ivan",
    "Anya",
    "Tomas",
    "Ingrid",
    "Nils",
    "Grace",
    "Henry",
    "Ruby",
    "Oscar",
    "Freya",
    "Leo",
    "Maya",
    "Felix",
    "Nora",
    "Hugo",
    "Aisha",
    "Yusuf",
    "Chen",
    "Wei",
    "Sana",
    "Ravi",
    "Keiko",
    "Daniel",
    "Sarah",
    "Michael",
)
LAST_NAMES = (
    "Morgan",
    "Patel",
    "Nguyen",
    "Smith",
    "Garcia",
    "Kim",
    "Müller",
    "Rossi",
    "Dubois",
    "Silva",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Lopez",
    "Lee",
    "Gonzalez",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Perez",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Sanchez",
    "O'Brien",
    "Kowalski",
    "Novak",
    "Haddad",
    "Okafor",
    "Tanaka",
    "Sato",
    "Larsen",
    "Berg",
)
JOB_TITLES = (
    "Account Executive",
    "Financial Analyst",
    "Software Engineer",
    "HR Business Partner",
    "Marketing Manager",
    "Legal Counsel",
    "Office Manager",
    "Product Designer",
    "Data Analyst",
    "Sales Development Rep",
    "Payroll Specialist",
    "Recruiter",
    "Customer Success Manager",
    "Procurement Officer",
    "Facilities Coordinator",
    "Controller",
    "QA Engineer",
    "Intern",
)
DEPARTMENTS = (
    ("Finance", "Accounting, payroll and financial planning"),
    ("Human Resources", "People operations, recruiting and benefits"),
    ("Engineering", "Product development and platform teams"),
    ("Sales", "Field and inside sales"),
    ("Marketing", "Brand, demand generation and events"),
    ("Legal", "Contracts, compliance and privacy"),
    ("Customer Success", "Onboarding and account management"),
    ("Operations", "Procurement, facilities and logistics"),
    ("Executive Office", "Leadership team and assistants"),
    ("Information Technology", "Internal IT and service desk"),
)
LOCATIONS = (
    ("North America", None, None, None),
    ("Europe", None, None, None),
    ("Asia Pacific", None, None, None),
    ("Boston HQ", "North America", "Boston", "US"),
    ("Austin Office", "North America", "Austin", "US"),
    ("Toronto Office", "North America", "Toronto", "CA"),
    ("London Office", "Europe", "London", "GB"),
    ("Berlin Office", "Europe", "Berlin", "DE"),
    ("Singapore Office", "Asia Pacific", "Singapore", "SG"),
    ("Sydney Office", "Asia Pacific", "Sydney", "AU"),
)
GROUPS = (
    ("Service Desk", "First line: triage, how-to questions and quick fixes"),
    ("Network", "LAN, Wi-Fi, VPN, firewalls and ISP links"),
    ("Hardware", "Laptops, desktops, monitors, printers and phones"),
    ("Identity & Access", "Accounts, SSO, MFA, group memberships and permissions"),
    ("Applications", "Business applications: ERP, CRM, collaboration suites"),
    ("Security", "Phishing, malware, incident response and vulnerability management"),
    ("Facilities", "Badges, desks, meeting rooms and AV equipment"),
    ("Onboarding", "New hires, leavers and role changes"),
)
TIME_ZONES = (
    "Eastern Time (US & Canada)",
    "Central Time (US & Canada)",
    "London",
    "Berlin",
    "Singapore",
    "Sydney",
    "Pacific Time (US & Canada)",
)


class Subject(NamedTuple):
    """A subject template and the sentences its requester writes about it.

    ``filed_under`` is the (sub_category, item_category) when the subject does not file
    under its topic's own.
    """

    template: str
    sentences: tuple[str, ...]
    filed_under: tuple[str, str | None] | None = None


class Topic(NamedTuple):
    """What breaks, where it is filed, who handles it, and how requesters write about it."""

    category: str
    sub_category: str
    item_category: str | None
    group: str
    subjects: tuple[Subject, ...]
    tags: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    Topic(
        "Hardware",
        "Computer",
        "Laptop",
        "Hardware",
        (
            Subject(
                "Laptop won't boot after update",
                (
                    "The machine shows the manufacturer logo and then restarts.",
                    "It started after the latest Windows update was installed overnight.",
                    "I have already tried a hard reset by holding the power button for 30 seconds.",
                ),
            ),
            Subject(
                "Laptop battery drains within an hour",
                (
                    "The battery goes from full to empty in about an hour, even with only "
                    "Outlook and Teams open.",
                    "It used to last most of the day until a couple of weeks ago.",
                    "Windows now shows 'Consider replacing your battery' on the battery icon.",
                ),
            ),
            Subject(
                "Keyboard keys not responding on {asset}",
                (
                    "Several keys on the built-in keyboard only work if I press them really "
                    "hard, the space bar is the worst.",
                    "An external USB keyboard works fine, so it looks like a hardware problem.",
                    "Nothing has been spilled on it as far as I know.",
                ),
            ),
            Subject(
                "Laptop overheating and shutting down",
                (
                    "The fan is very loud and the bottom of the case is hot to the touch.",
                    "It switches itself off without warning, usually during video calls.",
                    "I have lost unsaved work twice this week because of it.",
                ),
            ),
            Subject(
                "Blue screen on startup ({code})",
                (
                    "Every time I switch the laptop on it shows a blue screen with the code "
                    "in the subject and restarts.",
                    "It never gets as far as the login screen.",
                    "I have not installed anything new recently.",
                ),
            ),
            Subject(
                "Docking station not detecting second monitor",
                (
                    "When I connect my laptop to the docking station, only one of my two "
                    "monitors comes on.",
                    "The second monitor says 'No signal' even though it is plugged into the dock.",
                    "I have tried a different cable and unplugging the dock for a minute.",
                ),
            ),
        ),
        ("laptop", "hardware"),
    ),
    Topic(
        "Hardware",
        "Printer",
        None,
        "Hardware",
        (
            Subject(
                "Printer on floor {floor} jams every few pages",
                (
                    "The printer jams every three or four pages, so anything longer takes "
                    "ages to print.",
                    "The display on the printer says 'Paper jam in tray 2' even though the "
                    "tray is empty.",
                    "We have opened all the doors, taken the paper out and reloaded it.",
                ),
            ),
            Subject(
                "Cannot print to {printer}",
                (
                    "The print queue shows the job as sent but nothing comes out.",
                    "I have tried printing from Word and from a PDF, with the same result.",
                    "Printing to other printers from my laptop works fine.",
                ),
            ),
            Subject(
                "Printer shows offline for the whole team",
                (
                    "The printer shows as 'Offline' on all our laptops, so nobody in the team "
                    "can print.",
                    "Other people on the floor have the same problem since this morning.",
                    "The printer itself is switched on and its display shows no errors.",
                ),
            ),
            Subject(
                "Scanned documents not arriving by email",
                (
                    "When I scan to email on the printer it says the scan was sent, but "
                    "nothing arrives in my inbox.",
                    "I have checked my junk folder and it is not there either.",
                    "I need to send signed contracts back to a customer today.",
                ),
            ),
        ),
        ("printer",),
    ),
    Topic(
        "Hardware",
        "Peripherals",
        "Monitor",
        "Hardware",
        (
            Subject(
                "Monitor flickering",
                (
                    "The screen flickers every few seconds, worse when the brightness is low.",
                    "It is the external monitor on my desk; the laptop screen itself is fine.",
                    "I have swapped the cable but it still happens, and it gives me headaches.",
                ),
            ),
            Subject(
                "Need a second monitor for my desk",
                (
                    "I work with large spreadsheets and a second screen would help a lot.",
                    "My manager has already approved it.",
                    "There is room on my desk and the docking station has a free port.",
                ),
            ),
            Subject(
                "Headset microphone not working",
                (
                    "People on Teams calls can hear me only very faintly, or not at all.",
                    "I can hear them fine through the headset, and the microphone is not muted.",
                    "I have tried another USB port, and the same happens in Zoom.",
                ),
                filed_under=("Peripherals", "Headset"),
            ),
        ),
        ("peripherals",),
    ),
    Topic(
        "Network",
        "Wi-Fi",
        None,
        "Network",
        (
            Subject(
                "Wi-Fi keeps disconnecting in meeting room {room}",
                (
                    "The connection drops every 10 to 15 minutes and comes back after a while.",
                    "It only happens in that meeting room; at my desk the Wi-Fi is fine.",
                    "Colleagues have noticed the same during meetings there.",
                ),
            ),
            Subject(
                "Very slow Wi-Fi on floor {floor}",
                (
                    "Speed tests show less than 2 Mbps while colleagues on the wired network "
                    "are fine.",
                    "Web pages take ages to load and uploads to SharePoint time out.",
                    "It has been like this most of the week, worst in the mornings.",
                ),
            ),
            Subject(
                "Cannot connect to guest Wi-Fi",
                (
                    "We have visitors in the office today and their laptops cannot get onto "
                    "the guest network.",
                    "Their laptops say 'Connected, no internet' and the sign-in page never "
                    "appears.",
                    "Is the password still the one on the poster at reception?",
                ),
            ),
            Subject(
                "Wi-Fi drops during video calls",
                (
                    "My Teams calls freeze or drop several times an hour.",
                    "The laptop says 'Connected, no internet' for a few seconds and then recovers.",
                    "It happens at my desk and in meeting rooms, but never at home.",
                ),
            ),
        ),
        ("wifi", "network"),
    ),
    Topic(
        "Network",
        "VPN",
        None,
        "Network",
        (
            Subject(
                "VPN disconnects every few minutes",
                (
                    "The VPN connects fine but drops after a few minutes, and I have to sign "
                    "in again.",
                    "Every time it drops I lose my connection to the file shares and SAP.",
                    "Restarting the VPN client and the laptop did not help.",
                ),
            ),
            Subject(
                "Cannot connect to VPN from home",
                (
                    "I am working from home today and cannot reach any internal systems.",
                    "The client shows 'Authentication succeeded' and then 'Connection lost'.",
                    "My home internet works fine for everything else.",
                    "Restarting the VPN client and the laptop did not help.",
                ),
            ),
            Subject(
                "VPN error {code} when connecting",
                (
                    "The VPN client shows the error in the subject every time I try to connect.",
                    "It worked yesterday, and I have not changed anything on my laptop.",
                    "Restarting the VPN client and the laptop did not help.",
                ),
            ),
            Subject(
                "VPN very slow when working from hotel",
                (
                    "I am travelling this week and the VPN is extremely slow from the hotel.",
                    "Opening a file from the shared drive takes several minutes, while normal "
                    "browsing is fine.",
                    "I need to finish a report by Thursday, so any tips would help.",
                ),
            ),
        ),
        ("vpn", "remote-work"),
    ),
    Topic(
        "Software",
        "Email",
        None,
        "Applications",
        (
            Subject(
                "Outlook keeps asking for my password",
                (
                    "Outlook asks for my password every few minutes, even after I type the "
                    "right one.",
                    "It started yesterday afternoon; I have typed my password many times.",
                    "Webmail in the browser works fine with the same password.",
                ),
            ),
            Subject(
                "Shared mailbox not showing in Outlook",
                (
                    "Our team's shared mailbox has disappeared from my folder list in Outlook.",
                    "Colleagues can still see the mailbox, so it seems to be only me.",
                    "I need it to answer the customer emails that arrive there.",
                ),
            ),
            Subject(
                "Emails to {company} bouncing back",
                (
                    "Every email I send to this customer comes back undelivered within a minute.",
                    "The bounce message says '550 5.7.1 Message rejected due to policy'.",
                    "Emails to other external addresses go through fine.",
                ),
            ),
            Subject(
                "Calendar invites not syncing to phone",
                (
                    "Meetings I accept in Outlook do not show up in the calendar on my phone.",
                    "Email on the phone works fine; only the calendar is out of date.",
                    "I have already removed and re-added the account on the phone.",
                ),
            ),
            Subject(
                "Mailbox almost full warning",
                (
                    "Outlook keeps warning me that my mailbox is almost full.",
                    "I have already emptied Deleted Items and removed large attachments.",
                    "Could my mailbox be made bigger, or is there an archive I can use?",
                ),
            ),
        ),
        ("email", "outlook"),
    ),
    Topic(
        "Software",
        "Business Applications",
        None,
        "Applications",
        (
            Subject(
                "SAP transaction {code} times out",
                (
                    "The transaction in the subject runs for a few minutes and then stops "
                    "with a timeout.",
                    "Other transactions work normally; it is only this one.",
                    "This is blocking month-end close, so a quick look would be appreciated.",
                ),
            ),
            Subject(
                "Salesforce report export fails",
                (
                    "When I export my pipeline report from Salesforce to Excel, the download "
                    "never finishes.",
                    "Smaller reports export fine, so it might be the size.",
                    "I need the numbers for the quarterly sales review on Friday.",
                ),
            ),
            Subject(
                "Expense tool shows an error when submitting",
                (
                    "The error appears every time I press Submit; screenshots attached.",
                    "I can save the expense report as a draft, but not submit it.",
                    "The receipts are from last month's client trip and are due before the "
                    "payroll cut-off.",
                ),
            ),
            Subject(
                "Need Adobe Acrobat Pro licence",
                (
                    "I need it to edit contracts for the legal review next week.",
                    "The free Reader does not let me edit or combine PDFs.",
                    "My manager has approved the cost.",
                ),
            ),
            Subject(
                "Excel crashes when opening {file}",
                (
                    "Excel freezes and then closes without an error message as soon as I open "
                    "the file.",
                    "Other spreadsheets open fine, and a colleague can open this one on their "
                    "laptop.",
                    "I have already restarted the laptop.",
                ),
            ),
            Subject(
                "Teams screen sharing shows a black screen",
                (
                    "When I share my screen in Teams, the others only see a black screen.",
                    "Sharing a single window works, but sharing the whole screen does not.",
                    "I am presenting to a client tomorrow morning, so I need this working.",
                ),
            ),
        ),
        ("application",),
    ),
    Topic(
        "Access",
        "Account",
        None,
        "Identity & Access",
        (
            Subject(
                "Locked out of my account",
                (
                    "I entered the wrong password a few times this morning and now I am "
                    "locked out.",
                    "I am writing this from a colleague's laptop.",
                    "Could you unlock it, or tell me how to reset the password myself?",
                ),
            ),
            Subject(
                "Password reset for {person}",
                (
                    "They have forgotten their password and cannot sign in this morning.",
                    "I am raising this for them because they cannot get into email to do it "
                    "themselves.",
                    "They are at their desk now if you need to call them.",
                ),
            ),
            Subject(
                "MFA prompt not arriving",
                (
                    "I am not getting the MFA notification on my phone when I sign in.",
                    "The authenticator app was on my old phone which I traded in.",
                    "I cannot get into email or Teams until this is sorted.",
                ),
            ),
            Subject(
                "Need access to the {share} shared drive",
                (
                    "I need read and write access to this shared drive for my new project.",
                    "My manager approved the request in the email thread below.",
                    "At the moment I get 'Access denied' when I open the folder.",
                ),
            ),
            Subject(
                "Add me to the {dl} distribution list",
                (
                    "I am not getting the announcements that go to this list.",
                    "My manager approved the request in the email thread below.",
                    "The rest of my team are already members.",
                ),
            ),
            Subject(
                "SSO login loop on {app}",
                (
                    "When I sign in, the page keeps bouncing between the login page and the "
                    "app and never opens.",
                    "It happens in Chrome and in Edge, and clearing the cookies did not help.",
                    "Other apps with single sign-on work fine.",
                ),
            ),
        ),
        ("access", "account"),
    ),
    Topic(
        "Security",
        "Phishing",
        None,
        "Security",
        (
            Subject(
                "Suspicious email asking for credentials",
                (
                    "I received an email saying my mailbox will be closed unless I confirm my "
                    "password through a link.",
                    "The sender address looks like ours but is slightly misspelt.",
                    "I have not clicked anything; should I forward it to you or delete it?",
                ),
            ),
            Subject(
                "Clicked a link in a phishing email",
                (
                    "I clicked the link but did not enter anything; the page looked like our "
                    "login page.",
                    "The email looked like a notification about a shared document.",
                    "I closed the browser straight away. Do I need to change my password?",
                ),
            ),
            Subject(
                "Unknown MFA request I did not make",
                (
                    "I received three MFA push notifications at 3 am that I did not trigger.",
                    "I denied all of them and have not shared my password with anyone.",
                    "Yesterday I typed my password into a 'verify your account' page from an "
                    "email, which may be related.",
                ),
            ),
            Subject(
                "Antivirus quarantined a file",
                (
                    "The antivirus quarantined a file right after I opened an attachment from "
                    "an email.",
                    "The email claimed to be an invoice from a supplier I do not recognise.",
                    "I have not opened anything else from that email.",
                ),
            ),
        ),
        ("security", "phishing"),
    ),
    Topic(
        "Facilities",
        "Badge",
        None,
        "Facilities",
        (
            Subject(
                "Badge not opening the {floor} floor door",
                (
                    "The reader beeps red when I tap my badge.",
                    "My badge works at the main entrance, just not on this floor.",
                    "I moved to a desk on this floor last week, so maybe my access was not "
                    "updated.",
                ),
            ),
            Subject(
                "Meeting room {room} screen not working",
                (
                    "The screen in the meeting room stays on 'No signal' when I connect my laptop.",
                    "We have a client meeting in that room at 2 pm today.",
                    "I tried both the HDMI cable and the wireless sharing button.",
                ),
                filed_under=("Meeting Rooms", None),
            ),
            Subject(
                "Need a desk for a visiting colleague",
                (
                    "A colleague from another office is visiting us next Monday to Wednesday.",
                    "Could you book a desk for them near our team, ideally with a monitor "
                    "and a docking station?",
                    "They will also need a visitor badge for those days.",
                ),
                filed_under=("Desks", None),
            ),
            Subject(
                "Projector remote missing in {room}",
                (
                    "The projector remote in that room is missing, so we cannot switch the "
                    "projector on.",
                    "We have a client meeting in that room at 2 pm today.",
                    "Is there a spare we could borrow in the meantime?",
                ),
                filed_under=("Meeting Rooms", None),
            ),
        ),
        ("facilities",),
    ),
    Topic(
        "Onboarding",
        "New Hire",
        None,
        "Onboarding",
        (
            Subject(
                "New hire starting Monday: {person}",
                (
                    "Please prepare a laptop, email account and access to the team drives.",
                    "They will need the same permissions as the rest of the team.",
                    "They will work from the office, so a badge and a desk would be great too.",
                ),
            ),
            Subject(
                "Leaver: disable accounts for {person}",
                (
                    "Their last day is Friday; please collect the laptop and badge.",
                    "Please disable their accounts at the end of that day and forward their "
                    "email to me.",
                    "HR has confirmed the leaving date.",
                ),
                filed_under=("Leaver", None),
            ),
            Subject(
                "Role change: {person} moving to {dept}",
                (
                    "They join the new team on the first of next month.",
                    "They will need the same access as the rest of their new team.",
                    "Please remove the access they no longer need from their current role.",
                ),
                filed_under=("Role Change", None),
            ),
        ),
        ("onboarding",),
    ),
)


FILLERS = {
    "asset": ("my ThinkPad", "the MacBook", "my laptop", "the Latitude"),
    "code": ("0x0000007E", "ERR-4012", "809", "VA01", "ME21N", "MIGO", "0x80070005"),
    "floor": ("2", "3", "4", "5", "7"),
    "printer": ("FIN-PRN-02", "HR-PRN-01", "ENG-MFP-3", "the colour printer"),
    "room": ("Everest", "Kilimanjaro", "Denali", "Aconcagua", "4.12", "B-201"),
    "company": ("contoso.com", "fabrikam.com", "northwind.example"),
    "file": ("the Q3 forecast", "budget.xlsx", "a large CSV"),
    "share": ("Finance", "Legal Contracts", "Marketing Assets", "HR Confidential"),
    "dl": ("all-sales", "eng-announce", "finance-team"),
    "app": ("Workday", "Salesforce", "Jira", "Confluence"),
    "dept": ("Finance", "Sales", "Engineering", "Marketing"),
}

AGENT_REPLIES = (
    "Thanks for reaching out. I'm looking into this now and will update you shortly.",
    "Could you please restart the device and let me know if the problem persists?",
    "I've reset the configuration on our side. Please try again and confirm.",
    "Can you send a screenshot of the error message, including the time it appeared?",
    "We have identified the cause and applied a fix. Please check and let us know.",
    "I've escalated this to the second-line team; they will contact you today.",
    "The replacement has been ordered and should arrive within two business days.",
    "Your access has been granted. It may take up to 15 minutes to take effect.",
)
REQUESTER_REPLIES = (
    "Thanks, that worked!",
    "I tried that but it's still happening.",
    "Attached is the screenshot you asked for.",
    "Any update on this? It's blocking my work.",
    "I'll be out of the office tomorrow, please call my mobile if you need me.",
    "It worked for a while but the problem came back this morning.",
)
# What a requester writes while nobody has answered yet.
REQUESTER_CHASERS = (
    "Any update on this? It's blocking my work.",
    "Just following up: is anyone looking at this?",
    "Adding a screenshot of the error in case it helps.",
    "I'll be out of the office tomorrow, please call my mobile if you need me.",
    "It's getting worse: now two colleagues have the same problem.",
)
PRIVATE_NOTES = (
    "Checked the logs: repeated authentication failures from the user's device.",
    "Known issue with driver version 27.20; vendor case opened.",
    "Waiting on the vendor to ship a replacement part.",
    "Linked to the ongoing network maintenance in the Berlin office.",
    "User is a VIP, please prioritise.",
    "Reassigning to the team that owns this application.",
)
TASK_TITLES = (
    "Order replacement hardware",
    "Update the asset record",
    "Confirm fix with the requester",
    "Schedule desk visit",
    "Collect the old device",
    "Create accounts in all systems",
    "Check vendor warranty status",
    "Document the workaround in the knowledge base",
)
TIME_NOTES = (
    "Troubleshooting",
    "Remote session with the user",
    "Desk visit",
    "Configuring the device",
    "Vendor call",
    "Documentation",
)
CANNED = (
    (
        "Common replies",
        (
            (
                "Acknowledge",
                "Thanks for contacting the Service Desk. We have received your request "
                "and an agent will look at it shortly.",
            ),
            (
                "Request more information",
                "To help us investigate, could you send a screenshot of the "
                "error, the time it happened and the name of your computer?",
            ),
            (
                "Resolved - please confirm",
                "We believe this is now resolved. If the problem comes "
                "back, just reply to this email and the ticket will reopen.",
            ),
            (
                "Closing - no response",
                "We haven't heard back from you, so we are closing this "
                "ticket. Reply any time to reopen it.",
            ),
        ),
    ),
    (
        "How-to",
        (
            (
                "VPN Connection - Troubleshooting",
                "1. Check your internet connection. 2. Quit and restart the VPN client. "
                "3. Sign in again with MFA. 4. If it still fails, reply with the error code.",
            ),
            (
                "Reset your password",
                "Go to https://password.acme-demo.test, choose 'Forgot password' "
                "and follow the steps. You will need your MFA device.",
            ),
            (
                "Set up MFA on a new phone",
                "Install the authenticator app, then visit "
                "https://mfa.acme-demo.test and scan the QR code shown there.",
            ),
            (
                "Map a shared drive",
                "Open File Explorer, choose 'Map network drive' and enter the path "
                "\\\\files.acme-demo.test\\share.",
            ),
        ),
    ),
    (
        "Hardware",
        (
            (
                "Laptop replacement ordered",
                "We have ordered a replacement laptop for you. We will "
                "contact you to schedule the swap and data transfer.",
            ),
            (
                "Bring device to the IT desk",
                "Please bring the device to the IT desk on the 2nd floor "
                "between 9:00 and 17:00 so we can take a look.",
            ),
            (
                "Printer jam instructions",
                "Open the front panel, remove any paper from tray 2 and the "
                "rear door, then close all panels and retry.",
            ),
            (
                "Warranty repair",
                "The device is under warranty. We have logged a repair with the "
                "vendor and will update you when the technician visit is booked.",
            ),
        ),
    ),
)
