package org.fhirportal.auth.branding;

/**
 * The contrast ratio of two sRGB colours as WCAG 2.1 defines it: {@code (L1 + 0.05) / (L2 + 0.05)} of their relative
 * luminances, the lighter first (WCAG 2.1, "contrast ratio" and "relative luminance" definitions; the 0.04045
 * threshold of IEC 61966-2-1).
 */
final class Contrast {

	/** The least ratio of normal-size text against its background at level AA (success criterion 1.4.3). */
	static final double AA_NORMAL_TEXT = 4.5;

	private Contrast() {
	}

	/** The ratio of two {@code #rrggbb} colours, from 1 (same luminance) to 21 (black on white). */
	static double ratio(String first, String second) {
		double a = luminance(first);
		double b = luminance(second);
		return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	}

	static double luminance(String hex) {
		int rgb = Integer.parseInt(hex.substring(1), 16);
		return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
	}

	private static double channel(int value) {
		double c = (value & 0xff) / 255.0;
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}
}
