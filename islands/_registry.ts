// Every island by the name the server renders it under (components/Island.ts).
import type { ComponentType } from "preact";
import BreakdownTable from "./BreakdownTable.ts";
import BudgetList from "./BudgetList.ts";
import CopyButton from "./CopyButton.ts";
import EmbedBuilder from "./EmbedBuilder.ts";
import EndpointTable from "./EndpointTable.ts";
import EventList from "./EventList.ts";
import FilterBar from "./FilterBar.ts";
import LiveBadge from "./LiveBadge.ts";
import LiveCards from "./LiveCards.ts";
import LoginForm from "./LoginForm.ts";
import ModelShare from "./ModelShare.ts";
import ThemeToggle from "./ThemeToggle.ts";
import TimeChart from "./TimeChart.ts";
import UnpricedModels from "./UnpricedModels.ts";
import WidgetTokens from "./WidgetTokens.ts";

// deno-lint-ignore no-explicit-any
export const ISLANDS: Record<string, ComponentType<any>> = {
  BreakdownTable,
  BudgetList,
  CopyButton,
  EmbedBuilder,
  EndpointTable,
  EventList,
  FilterBar,
  LiveBadge,
  LiveCards,
  LoginForm,
  ModelShare,
  ThemeToggle,
  TimeChart,
  UnpricedModels,
  WidgetTokens,
};
