export { AppShell, type ShellUser } from "./app-shell.tsx";
export { Button, LinkButton, buttonClass, type ButtonVariant } from "./button.tsx";
export { Card, EmptyState, PageHeader, SectionTitle, StatusBadge, type StatusTone } from "./card.tsx";
export { CsrfInput } from "./csrf-input.tsx";
export { FormError, TextField, TextInput } from "./field.tsx";
