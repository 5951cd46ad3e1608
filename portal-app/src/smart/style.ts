import type Client from "fhirclient/lib/Client";

/**
 * The organization's look as the server publishes it: the SMART style document (SMART App Launch 2.2, "Styling")
 * that the token response names in `smart_style_url`. The server makes it from its branding settings
 * (`smart.auth.branding.*`): `color_highlight` is the organization's colour, and `portal_organization_name`,
 * `portal_logo_url` and `portal_support_phone` carry its name, logo and support phone. The app reads nothing else
 * from the server for it: only SMART, FHIR and /api/me.
 */
export interface Branding {
  organizationName?: string;
  logoUrl?: string;
  supportPhone?: string;
}

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/**
 * Reads the style document of this sign-in and applies its colour to the page (as CSS custom properties through
 * the CSSOM, which the content security policy allows); returns the name, logo and phone to show. A missing or
 * unreadable document leaves the portal's own look.
 */
export async function applyStyle(client: Client): Promise<Branding> {
  const url = client.state.tokenResponse?.smart_style_url;
  if (typeof url !== "string" || url === "") {
    return {};
  }
  try {
    const response = await fetch(new URL(url, client.state.serverUrl).href, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      return {};
    }
    const style = (await response.json()) as Record<string, unknown>;
    const colour = style.color_highlight;
    if (typeof colour === "string" && HEX_COLOUR.test(colour)) {
      document.documentElement.style.setProperty("--accent", colour);
      document.documentElement.style.setProperty("--link", colour);
    }
    const branding: Branding = {
      organizationName: text(style.portal_organization_name),
      logoUrl: sameOrigin(text(style.portal_logo_url)),
      supportPhone: text(style.portal_support_phone),
    };
    if (branding.organizationName) {
      document.title = `Patient portal – ${branding.organizationName}`;
    }
    return branding;
  } catch {
    return {};
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** A logo the portal's content security policy lets it show: one served by the portal's own server. */
function sameOrigin(url?: string): string | undefined {
  if (!url) {
    return undefined;
  }
  const resolved = new URL(url, window.location.href);
  return resolved.origin === window.location.origin ? resolved.href : undefined;
}
