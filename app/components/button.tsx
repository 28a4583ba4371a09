import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "secondary" | "danger" | "quiet";

const VARIANTS: Record<ButtonVariant, string> = {
  primary: "bg-brand-700 text-white hover:bg-brand-800 active:bg-brand-900",
  secondary: "bg-white text-slate-900 ring-2 ring-inset ring-slate-400 hover:bg-slate-50 active:bg-slate-100",
  danger: "bg-white text-brand-800 ring-2 ring-inset ring-brand-700 hover:bg-brand-50",
  quiet: "text-slate-900 underline underline-offset-4 hover:bg-slate-100",
};

/** ≥ 44 px tall at any root size (min-h-11 = 2.75rem ≈ 50 px at 18 px). */
export function buttonClass(variant: ButtonVariant = "primary", block = false, extra = ""): string {
  return [
    "inline-flex min-h-11 items-center justify-center gap-2 rounded-xl px-5 py-2 text-lg font-semibold",
    "transition-colors disabled:cursor-not-allowed disabled:opacity-60",
    block ? "w-full" : "",
    VARIANTS[variant],
    extra,
  ]
    .filter(Boolean)
    .join(" ");
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; block?: boolean };

export function Button({ variant = "primary", block = false, className = "", type = "submit", ...props }: ButtonProps) {
  return <button type={type} className={buttonClass(variant, block, className)} {...props} />;
}

type LinkButtonProps = LinkProps & { variant?: ButtonVariant; block?: boolean };

export function LinkButton({ variant = "primary", block = false, className = "", ...props }: LinkButtonProps) {
  return <Link className={buttonClass(variant, block, typeof className === "string" ? className : "")} {...props} />;
}
