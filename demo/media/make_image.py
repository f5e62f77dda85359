"""Draw the demo illustration: two people in conversation (development only).

python demo/media/make_image.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent


def main() -> None:
    image = Image.new("RGB", (1200, 675), "#fbfaf7")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 520, 1200, 675), fill="#d9d4c7")
    # Two people, facing each other across a counter.
    for x, body, head in ((330, "#0b5d6b", "#f2c9a0"), (870, "#c7702b", "#e8b48a")):
        draw.rounded_rectangle((x - 110, 330, x + 110, 600), radius=90, fill=body)
        draw.ellipse((x - 70, 170, x + 70, 310), fill=head)
    draw.rectangle((560, 420, 640, 600), fill="#56607a")
    # Speech bubbles: the customer speaks, the employee listens and answers.
    draw.rounded_rectangle(
        (90, 40, 520, 150), radius=40, fill="#ffffff", outline="#0b5d6b", width=6
    )
    draw.polygon([(300, 150), (340, 150), (320, 190)], fill="#0b5d6b")
    draw.rounded_rectangle(
        (680, 60, 1110, 170), radius=40, fill="#ffffff", outline="#c7702b", width=6
    )
    draw.polygon([(860, 170), (900, 170), (880, 210)], fill="#c7702b")
    for x0 in (150, 740):
        for n in range(3):
            draw.rounded_rectangle(
                (x0 + n * 110, 85, x0 + n * 110 + 80, 110), radius=12, fill="#d9d4c7"
            )
    # A heart between them: the feeling the encounter leaves.
    draw.ellipse((565, 230, 605, 270), fill="#b8323b")
    draw.ellipse((595, 230, 635, 270), fill="#b8323b")
    draw.polygon([(568, 258), (632, 258), (600, 300)], fill="#b8323b")
    image.save(HERE / "encounter.png", optimize=True)


if __name__ == "__main__":
    main()
