import type { Metadata } from "next";
import type { ReactNode } from "react";
import { requestLocale } from "@/lib/session";
import "./globals.css";

export const metadata: Metadata = {
  // The product's name; the description is the landing page's, in its language (app/page.tsx).
  title: "nextjs-oauth-server",
  // Served from public/ (no remote assets: builds and pages work offline).
  icons: { icon: [{ url: "/icon.svg", type: "image/svg+xml" }, { url: "/favicon.ico", sizes: "16x16 32x32 48x48" }], apple: "/apple-touch-icon.png" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The page's language: its authorization request's ui_locales, else Accept-Language (lib/i18n).
  return (
    <html lang={await requestLocale()}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
