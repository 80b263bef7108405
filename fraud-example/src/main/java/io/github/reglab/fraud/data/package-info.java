/**
 * Tabular data for binary classification, shared by the fraud application and cross-validation: {@link
 * io.github.reglab.fraud.data.Table} (numeric features and 0/1 labels in memory), {@link
 * io.github.reglab.fraud.data.LabelledCsv} (strict CSV reading through DataVec, with errors naming file, line, column
 * and value), {@link io.github.reglab.fraud.data.TransactionGenerator} (synthetic card transactions in the public
 * credit-card-fraud schema) and {@link io.github.reglab.fraud.data.Holdout} (stratified or time-ordered
 * train/validation/test splits).
 */
package io.github.reglab.fraud.data;
