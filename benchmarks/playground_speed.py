"""How fast the playground trains and draws, in headless Chromium on this machine; prints a
Markdown table for benchmarks/README.md.

    python benchmarks/playground_speed.py [--site site]

For each set-up: the page opened at a desktop's size, the speed chosen, Play pressed; after a
second of warming up, the steps taken and the frames drawn over the next SECONDS seconds.
The last rows train without drawing (the network alone, in the page's module), the most the
machine allows.
"""

from __future__ import annotations

from served_site import served_site  # first: it puts tests/ on the path

SECONDS = 5
PLAYED = (  # (what, query, speed asked in steps a second)
    ("XOR, 1 layer of 50 (the XOR page's)", "?data=xor", 200),
    ("XOR, 1 layer of 50 (the XOR page's)", "?data=xor", 1000),
    ("spirals, 2 layers of 32 (the ReLU family page's)", "?data=spirals", 200),
    ("spirals, 3 layers of 64", "?data=spirals&layers=3&width=64", 200),
)
TRAINED_ALONE = (("XOR, 1 layer of 50", "xor", 1, 50), ("spirals, 2 layers of 32", "spirals", 2, 32))
COUNTERS = "() => [+document.querySelector('[role=status]').dataset.step, +document.querySelector('#playground').dataset.frames]"
STEPS_ALONE = """async ([name, layers, width, seconds]) => {
    const { Network, dataset } = await import("/javascripts/playground/network.js");
    const reference = await (await fetch("/figures/playground/playground.json")).json();
    const d = reference.data[name], data = dataset(d.x, d.y);
    const network = Network.seeded("relu", {}, [2, ...Array(layers).fill(width), data.classes], 0);
    for (let i = 0; i < 20; i++) network.step(data, 0.1);
    let steps = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) { network.step(data, 0.1); steps++; }
    return steps / ((performance.now() - start) / 1000);
}"""


def played(browser, url: str, query: str, speed: int) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "/playground/" + query)
    page.wait_for_selector(".playground-ready")
    page.locator("[name=speed]").select_option(str(speed))
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(1000)
    steps, frames = page.evaluate(COUNTERS)
    page.wait_for_timeout(SECONDS * 1000)
    steps_after, frames_after = page.evaluate(COUNTERS)
    page.close()
    return (steps_after - steps) / SECONDS, (frames_after - frames) / SECONDS


def main() -> None:
    with served_site(__doc__.splitlines()[0]) as (_, url, browser):
        print("| network | speed asked (steps/s) | steps/s | frames/s |")
        print("|---|---|---|---|")
        for what, query, speed in PLAYED:
            steps, frames = played(browser, url, query, speed)
            print(f"| {what} | {speed} | {steps:.0f} | {frames:.0f} |")
        page = browser.new_page()
        page.goto(url + "/playground/")
        for what, name, layers, width in TRAINED_ALONE:
            steps = page.evaluate(STEPS_ALONE, [name, layers, width, SECONDS])
            print(f"| {what}, training alone | as fast as it goes | {steps:.0f} | none drawn |")


if __name__ == "__main__":
    main()
