// Animations (site_hooks/figure_outputs.py): each is written into the page as its still picture,
// followed by an inert <template> holding its video. Readers who ask for reduced motion, and
// readers without scripts, keep the still. For everyone else the still gives way to the video
// before it loads (so that it never downloads), and the video loads and plays, muted and looping,
// while it is near the screen. The browser's own controls pause it (WCAG 2.2.2), and a video the
// reader paused stays paused. Where no source plays, the still comes back; where the browser
// will not start a video on its own, the still is its poster. A reader who turns reduced motion
// on later gets the stills back.
const motionWelcome = matchMedia("(prefers-reduced-motion: no-preference)");
const stills = new WeakMap();  // video: the still it stands in for
const started = new WeakSet();  // videos this script has started
const offScreen = new WeakSet();  // videos this script paused as they left the screen

const nearScreen = new IntersectionObserver((entries) => {
  for (const { target: video, isIntersecting } of entries) {
    if (isIntersecting && motionWelcome.matches && (!started.has(video) || offScreen.has(video))) {
      started.add(video);
      offScreen.delete(video);
      video.play().catch((error) => {  // refused (not cut short by this script's own pause)
        if (error.name === "NotAllowedError") video.poster = stills.get(video).src.split("#")[0];
      });
    } else if (!isIntersecting && !video.paused) {
      offScreen.add(video);  // saves a phone decoding videos nobody sees; resumes on return
      video.pause();
    }
  }
}, { rootMargin: "300px" });  // a video of the scheme not shown is never near: it never loads

function showStill(video) {
  video.pause();
  video.remove();
  stills.get(video).hidden = false;
}

function showVideo(template) {
  const still = template.previousElementSibling;
  const video = template.content.firstElementChild.cloneNode(true);
  stills.set(video, still);
  video.muted = true;  // the attribute alone does not mute a cloned element everywhere
  video.addEventListener("error", () => {
    if (video.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) showStill(video);
  }, true);  // a failing <source> reports its error to the video only in the capture phase
  still.hidden = true;
  template.replaceWith(video);
  nearScreen.observe(video);
}

if (motionWelcome.matches) {
  document.querySelectorAll("template.animation").forEach(showVideo);
}
motionWelcome.addEventListener("change", () => {
  if (!motionWelcome.matches) document.querySelectorAll("article video").forEach(showStill);
});
